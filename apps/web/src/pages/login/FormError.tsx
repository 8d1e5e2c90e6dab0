/** An error line announced to screen readers as soon as it appears. */
export function FormError({ id, message }: { id: string; message: string | null }) {
  return (
    <p id={id} className="form-error" role="alert" data-testid="form-error" hidden={!message}>
      {message}
    </p>
  );
}
