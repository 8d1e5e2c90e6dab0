export type BadgeTone = 'ok' | 'warning' | 'danger' | 'neutral' | 'info';

/** A state in words and colour (never colour alone). */
export function Badge({ tone, children }: { tone: BadgeTone; children: string }) {
  return <span className={`badge badge--${tone}`}>{children}</span>;
}
