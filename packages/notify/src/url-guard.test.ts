import { describe, expect, it } from 'vitest';
import { isPrivateAddress, resolveCallback } from './url-guard.js';
import { backoffMs } from './webhook-outbox.js';
import { sign } from './webhook-sender.js';
import { inQuietHours } from './quiet-hours.js';

describe('outgoing callback guard', () => {
  it('knows loopback, private, link-local and mapped addresses', () => {
    for (const a of ['127.0.0.1', '10.1.2.3', '172.20.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:127.0.0.1']) expect(isPrivateAddress(a), a).toBe(true);
    for (const a of ['8.8.8.8', '114.114.114.114', '2400:3200::1', '::ffff:8.8.8.8']) expect(isPrivateAddress(a), a).toBe(false);
  });

  it('refuses private targets unless allowed, resolving host names first', async () => {
    await expect(resolveCallback('http://127.0.0.1:9/x', false)).rejects.toMatchObject({ code: 'ERR_NOTIFY_PRIVATE_ADDRESS' });
    await expect(resolveCallback('http://localhost:9/x', false)).rejects.toMatchObject({ code: 'ERR_NOTIFY_PRIVATE_ADDRESS' });
    await expect(resolveCallback('http://[::1]:9/x', false)).rejects.toMatchObject({ code: 'ERR_NOTIFY_PRIVATE_ADDRESS' });
    await expect(resolveCallback('ftp://8.8.8.8/x', false)).rejects.toMatchObject({ code: 'ERR_NOTIFY_INVALID_URL' });
    await expect(resolveCallback('http://user:pw@8.8.8.8/x', false)).rejects.toMatchObject({ code: 'ERR_NOTIFY_INVALID_URL' });
    expect((await resolveCallback('https://8.8.8.8/hook', false)).address).toBe('8.8.8.8');
    expect((await resolveCallback('http://localhost:9/x', true)).address).toMatch(/^(127\.0\.0\.1|::1)$/);
  });
});

describe('webhook signing and backoff', () => {
  it('signs timestamp and body with HMAC-SHA256', () => {
    // echo -n '1767225600.{"a":1}' | openssl dgst -sha256 -hmac s3cret
    expect(sign('s3cret', 1767225600, '{"a":1}')).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(sign('s3cret', 1767225600, '{"a":1}')).not.toBe(sign('s3cret', 1767225601, '{"a":1}'));
  });

  it('doubles the delay from 10 s up to an hour', () => {
    expect([1, 2, 3, 4, 10, 20].map((n) => backoffMs(n))).toEqual([10_000, 20_000, 40_000, 80_000, 3_600_000, 3_600_000]);
  });
});

describe('quiet hours (Asia/Shanghai)', () => {
  it('wraps midnight and uses the Shanghai clock', () => {
    expect(inQuietHours('22:00', '07:00', new Date('2026-05-01T13:59:00Z'))).toBe(false); // 21:59
    expect(inQuietHours('22:00', '07:00', new Date('2026-05-01T14:00:00Z'))).toBe(true); // 22:00
    expect(inQuietHours('22:00', '07:00', new Date('2026-05-01T22:59:00Z'))).toBe(true); // 06:59
    expect(inQuietHours('22:00', '07:00', new Date('2026-05-01T23:00:00Z'))).toBe(false); // 07:00
    expect(inQuietHours('12:00', '14:00', new Date('2026-05-01T05:00:00Z'))).toBe(true);
  });
});
