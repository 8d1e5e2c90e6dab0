/**
 * The files of bulk provisioning, built in the browser: the CSV template, the one-time
 * credentials and the row-error report. Pure, so they are tested without a browser
 * (import-files.test.ts).
 */
import type { ImportCredential, ImportJob, ImportRowError } from '../../../api/device-imports';

/**
 * The columns the server reads, in its order (packages/devices/src/provisioning/import-jobs.ts
 * `IMPORT_COLUMNS`); `required` ones must be in the header. Descriptions: `deviceImport.columns.<name>`.
 */
export const IMPORT_COLUMNS = [
  { name: 'id', required: true },
  { name: 'name', required: true },
  { name: 'profileId', required: true },
  { name: 'departmentId', required: false },
  { name: 'divisionCode', required: false },
  { name: 'lon', required: false },
  { name: 'lat', required: false },
  { name: 'entityId', required: false },
  { name: 'vendor', required: false },
  { name: 'model', required: false },
  { name: 'firmware', required: false },
  { name: 'tags', required: false },
  { name: 'token', required: false },
] as const;

export type ImportColumn = (typeof IMPORT_COLUMNS)[number]['name'];
const COLUMN_NAMES: readonly string[] = IMPORT_COLUMNS.map((c) => c.name);

/** Excel opens a UTF-8 CSV as UTF-8 only with the byte-order mark; the server skips it. */
export const BOM = '\uFEFF';

/** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
export function csvCell(value: string | number | null | undefined): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvText(rows: readonly (readonly (string | number | null | undefined)[])[]): string {
  return `${BOM}${rows.map((row) => row.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The header row only: an example row would be imported as a device if left in. */
export function importTemplateCsv(): string {
  return csvText([COLUMN_NAMES]);
}

/** Tokens for HTTP (Bearer) and MQTT (user name = device id, password = token). */
export function credentialsCsv(items: readonly ImportCredential[]): string {
  return csvText([['id', 'token', 'mqttUsername', 'mqttPassword'], ...items.map((c) => [c.id, c.token, c.id, c.token])]);
}

/**
 * The column a row error names: the server prefixes its message with the field
 * (`profileId: no device profile…`, `/name: Expected string…`, `/location/lon: …`);
 * null when it names none (a scope refusal).
 */
export function errorColumn(message: string): ImportColumn | null {
  const match = /^\/?([A-Za-z]+)((?:\/[A-Za-z0-9_]+)*)\s*:/.exec(message);
  if (!match) return null;
  const [, field = '', rest = ''] = match;
  const name = field === 'location' ? rest.split('/')[1] ?? 'lon' : field;
  return COLUMN_NAMES.includes(name) ? (name as ImportColumn) : null;
}

/** The message without its column prefix (the column has its own cell). */
export function errorText(message: string): string {
  return errorColumn(message) ? message.replace(/^[^:]*:\s*/, '') : message;
}

/** The column of a refused row: the server's, else (older jobs) read from its message. */
export function rowColumn(e: ImportRowError): string | null {
  return e.column !== undefined ? e.column : errorColumn(e.message);
}

export function errorsCsv(errors: readonly ImportRowError[]): string {
  return csvText([['row', 'id', 'column', 'code', 'message'], ...errors.map((e) => [e.row, e.id, rowColumn(e), e.code ?? '', errorText(e.message)])]);
}

/** 0–100; a finished job is 100 whatever it counted, an empty running one 0. */
export function importPercent(job: Pick<ImportJob, 'status' | 'processed' | 'total'>): number {
  if (job.status !== 'running') return 100;
  if (job.total <= 0) return 0;
  return Math.min(100, Math.floor((job.processed / job.total) * 100));
}

/** `devices.csv` → `devices-credentials.csv`. */
export function derivedFileName(fileName: string, suffix: string): string {
  const base = fileName.replace(/\.(csv|xlsx)$/i, '') || 'devices';
  return `${base}-${suffix}.csv`;
}
