import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './connection-errors.js';

describe('isDatabaseUnavailable', () => {
  it('knows connection loss and refusal by their codes', () => {
    for (const code of ['08006', '08001', '57P01', '57P02', '57P03', '53300', 'CONNECTION_CLOSED', 'CONNECTION_DESTROYED', 'CONNECTION_ENDED', 'CONNECT_TIMEOUT', 'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT']) {
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), code).toBe(true);
    }
  });
  it('leaves errors of the statement or its data alone', () => {
    for (const code of ['23505', '22P02', '42P01', '57014', '40001', '53100', 'ERR_VALIDATION', undefined]) {
      expect(isDatabaseUnavailable(Object.assign(new Error('x'), { code })), String(code)).toBe(false);
    }
    expect(isDatabaseUnavailable(null)).toBe(false);
    expect(isDatabaseUnavailable('CONNECTION_CLOSED')).toBe(false);
  });
});
