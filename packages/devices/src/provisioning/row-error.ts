/**
 * One refused row of a bulk import: a stable code the console translates, the column at
 * fault when one is (null when the row as a whole is), and the server's message for logs.
 */
export interface ImportRowError {
  row: number;
  id: string | null;
  code: string;
  column: string | null;
  message: string;
}

/** An error that names the import column it is about. */
export class ColumnError extends Error {
  constructor(readonly code: string, readonly column: string | null, message: string) {
    super(message);
  }
}

/** What a failed row becomes: column errors as they are, application errors by their code. */
export function rowErrorOf(row: number, id: string | null, err: unknown): ImportRowError {
  const message = (err instanceof Error ? err.message : String(err)).slice(0, 300);
  if (err instanceof ColumnError) return { row, id, code: err.code, column: err.column, message };
  const code = (err as { code?: unknown }).code;
  return { row, id, code: typeof code === 'string' && code.startsWith('ERR_') ? code : 'ERR_DEVICES_IMPORT_ROW_FAILED', column: null, message };
}
