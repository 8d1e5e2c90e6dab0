/**
 * Machine-readable reasons a standards computation refused its input. Callers map these
 * to their own problem responses; the message is for logs, not for users.
 */
export type StandardsErrorCode =
  | 'ERR_STANDARDS_NO_POLLUTANT'
  | 'ERR_STANDARDS_NO_PARAMETER'
  | 'ERR_STANDARDS_INVALID_VALUE'
  | 'ERR_STANDARDS_FALLBACK_REQUIRED';

/**
 * Thrown when input cannot be scored by a standard (missing, negative, non-finite, …).
 *
 * @example
 * try { computeAqi({}, { period: 'day', at }) }
 * catch (e) { if (e instanceof StandardsInputError && e.code === 'ERR_STANDARDS_NO_POLLUTANT') … }
 */
export class StandardsInputError extends Error {
  readonly code: StandardsErrorCode;

  constructor(code: StandardsErrorCode, message: string) {
    super(message);
    this.name = 'StandardsInputError';
    this.code = code;
  }
}

/** Rejects negative and non-finite measurements, which no standard here can score. */
export function assertMeasurement(name: string, value: number): void {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new StandardsInputError('ERR_STANDARDS_INVALID_VALUE', `${name} must be a finite number ≥ 0, got ${String(value)}`);
  }
}

/** Rejects `Invalid Date`, which would otherwise compare false everywhere and pick silently. */
export function assertInstant(name: string, at: Date): void {
  if (!(at instanceof Date) || Number.isNaN(at.getTime())) {
    throw new StandardsInputError('ERR_STANDARDS_INVALID_VALUE', `${name} must be a valid Date`);
  }
}
