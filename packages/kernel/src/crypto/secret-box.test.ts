import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { createSecretBox, loadSecretKey } from './secret-box.js';

describe('secret box', () => {
  const box = createSecretBox(Buffer.alloc(32, 7));

  it('round-trips and never stores the plain value', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXP');
    expect(sealed.startsWith('zc1:')).toBe(true);
    expect(sealed).not.toContain('JBSWY3DPEHPK3PXP');
    expect(box.open(sealed)).toBe('JBSWY3DPEHPK3PXP');
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it('detects tampering and a wrong key', () => {
    const sealed = box.seal('secret');
    const raw = Buffer.from(sealed.slice('zc1:'.length), 'base64url');
    for (const at of [0, 12, 20, raw.length - 1]) {
      const bytes = Buffer.from(raw);
      bytes[at] = (bytes[at] ?? 0) ^ 0x01;
      expect(() => box.open('zc1:' + bytes.toString('base64url'))).toThrow();
    }
    expect(() => box.open('zc1:' + raw.subarray(0, 20).toString('base64url'))).toThrow(/too short/);
    expect(() => createSecretBox(Buffer.alloc(32, 8)).open(sealed)).toThrow();
  });

  it('takes the key from ZC_SECRET_KEY or creates a private key file once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zc-key-'));
    try {
      const a = loadSecretKey({ ZC_DATA_DIR: dir });
      expect(loadSecretKey({ ZC_DATA_DIR: dir }).equals(a)).toBe(true);
      expect(statSync(join(dir, 'secret.key')).mode & 0o777).toBe(0o600);
      expect(loadSecretKey({ ZC_DATA_DIR: dir, ZC_SECRET_KEY: 'ab'.repeat(32) }).equals(Buffer.alloc(32, 0xab))).toBe(true);
      expect(() => loadSecretKey({ ZC_DATA_DIR: dir, ZC_SECRET_KEY: 'dG9vIHNob3J0' })).toThrow(ConfigError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
