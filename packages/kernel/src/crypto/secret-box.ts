import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Config } from '../config/schema.js';
import { ConfigError } from '../errors.js';

/**
 * Encrypts secrets at rest (TOTP seeds, tokens of outgoing integrations) with AES-256-GCM.
 * Sealed values carry a version prefix so the key or algorithm can change later.
 *
 * @example
 *   const sealed = box.seal('JBSWY3DPEHPK3PXP'); // "zc1:…"
 *   box.open(sealed) === 'JBSWY3DPEHPK3PXP';
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
  isSealed(value: string): boolean;
}

const PREFIX = 'zc1:';

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('a secret key must be 32 bytes');
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return PREFIX + Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
    },
    open(sealed) {
      if (!sealed.startsWith(PREFIX)) throw new Error('not a sealed value');
      const raw = Buffer.from(sealed.slice(PREFIX.length), 'base64url');
      if (raw.length < 28) throw new Error('sealed value too short');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
    isSealed: (v) => v.startsWith(PREFIX),
  };
}

/**
 * The key: ZC_SECRET_KEY (32 bytes as base64 or hex) — in production from a secret manager —
 * or else a key file created once in the data folder, readable by this user only.
 */
export function loadSecretKey(config: Pick<Config, 'ZC_SECRET_KEY' | 'ZC_DATA_DIR'>): Buffer {
  if (config.ZC_SECRET_KEY) {
    const v = config.ZC_SECRET_KEY;
    const key = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
    if (key.length !== 32) throw new ConfigError('ZC_SECRET_KEY', 'must be 32 bytes, as 64 hex digits or base64 (openssl rand -base64 32)');
    return key;
  }
  const dir = resolve(config.ZC_DATA_DIR);
  const file = join(dir, 'secret.key');
  if (existsSync(file)) return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64');
  mkdirSync(dir, { recursive: true });
  const key = randomBytes(32);
  writeFileSync(file, key.toString('base64'), { mode: 0o600, flag: 'wx' });
  chmodSync(file, 0o600);
  return key;
}
