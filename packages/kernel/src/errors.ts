/**
 * Errors with stable codes (`ERR_<MODULE>_<REASON>`), rendered as RFC 7807 problem details.
 *
 * @example
 *   throw new AppError(404, 'ERR_GEO_DIVISION_NOT_FOUND', 'No division has code 513499.');
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: Record<string, unknown> = {},
    /** Problem type URI; defaults to one under the platform's own namespace. */
    readonly type?: string,
  ) {
    super(message);
    this.name = 'AppError';
  }
}

export const notFound = (code: string, message: string) => new AppError(404, code, message);
export const badRequest = (code: string, message: string, extra?: Record<string, unknown>) =>
  new AppError(400, code, message, extra);
export const conflict = (code: string, message: string) => new AppError(409, code, message);
export const forbidden = (code: string, message: string) => new AppError(403, code, message);
export const unauthorized = (code: string, message: string) => new AppError(401, code, message);

/** A bad setting: the start stops with one line that names it. */
export class ConfigError extends Error {
  constructor(readonly setting: string, message: string) {
    super(`Invalid setting ${setting}: ${message}`);
    this.name = 'ConfigError';
  }
}

/** A start-up failure that a person can fix: printed as one line, exit code 1. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
