import { AppError } from '@zhicheng/kernel';

/**
 * NGSI-LD problem types (ETSI GS CIM 009 clause 5.5.2) with the HTTP status the spec gives
 * each. Rendered by the kernel as RFC 7807 with `type` https://uri.etsi.org/ngsi-ld/errors/<Name>.
 */
export const NGSI_ERRORS = {
  InvalidRequest: [400, 'ERR_NGSI_INVALID_REQUEST'],
  BadRequestData: [400, 'ERR_NGSI_BAD_REQUEST_DATA'],
  AlreadyExists: [409, 'ERR_NGSI_ALREADY_EXISTS'],
  OperationNotSupported: [422, 'ERR_NGSI_OPERATION_NOT_SUPPORTED'],
  ResourceNotFound: [404, 'ERR_NGSI_RESOURCE_NOT_FOUND'],
  InternalError: [500, 'ERR_NGSI_INTERNAL'],
  TooComplexQuery: [403, 'ERR_NGSI_TOO_COMPLEX_QUERY'],
  TooManyResults: [403, 'ERR_NGSI_TOO_MANY_RESULTS'],
  LdContextNotAvailable: [503, 'ERR_NGSI_LDCONTEXT_NOT_AVAILABLE'],
  /** Delete-and-reload of a cached @context whose download failed (clause 6.30.3.2: 504). */
  LdContextReloadFailed: [504, 'ERR_NGSI_LDCONTEXT_RELOAD_FAILED'],
  NoMultiTenantSupport: [501, 'ERR_NGSI_NO_MULTI_TENANT_SUPPORT'],
  NonexistentTenant: [404, 'ERR_NGSI_NONEXISTENT_TENANT'],
  /** Not an ETSI name: access control is the platform's, reported in the same shape. */
  Forbidden: [403, 'ERR_NGSI_FORBIDDEN'],
  NotAcceptable: [406, 'ERR_NGSI_NOT_ACCEPTABLE'],
  UnsupportedMediaType: [415, 'ERR_NGSI_UNSUPPORTED_MEDIA_TYPE'],
} as const satisfies Record<string, readonly [number, string]>;

export type NgsiErrorName = keyof typeof NGSI_ERRORS;

export const ETSI_ERROR_BASE = 'https://uri.etsi.org/ngsi-ld/errors/';

/** 406 and 415 have no ETSI problem type; the spec only gives the status, InvalidRequest is the nearest type. */
const TYPE_OF: Partial<Record<NgsiErrorName, string>> = { NotAcceptable: 'InvalidRequest', UnsupportedMediaType: 'InvalidRequest', Forbidden: 'Forbidden', LdContextReloadFailed: 'LdContextNotAvailable' };

export class NgsiError extends AppError {
  constructor(readonly ngsiName: NgsiErrorName, message: string, extra: Record<string, unknown> = {}) {
    const [status, code] = NGSI_ERRORS[ngsiName];
    super(status, code, message, extra, `${ETSI_ERROR_BASE}${TYPE_OF[ngsiName] ?? ngsiName}`);
    this.name = 'NgsiError';
  }

  /** The ProblemDetails object that batch 207 bodies and notifications carry. */
  toProblem(): { type: string; title: string; status: number; detail: string } {
    return { type: this.type!, title: this.ngsiName, status: this.status, detail: this.message };
  }
}

export const ngsiError = (name: NgsiErrorName, message: string, extra?: Record<string, unknown>) => new NgsiError(name, message, extra);
export const badData = (message: string) => new NgsiError('BadRequestData', message);
export const invalidRequest = (message: string) => new NgsiError('InvalidRequest', message);
export const notFound = (message: string) => new NgsiError('ResourceNotFound', message);
