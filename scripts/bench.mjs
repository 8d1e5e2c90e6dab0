#!/usr/bin/env node
// `npm run bench -- <name> [args…]` runs bench/<name>.ts with tsx. Each benchmark prints
// its figures, the last line being one JSON object; none of them is part of `npm test`.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [name, ...args] = process.argv.slice(2);
const list = () => (existsSync(join(root, 'bench')) ? readdirSync(join(root, 'bench')).filter((f) => /^[a-z0-9-]+\.ts$/.test(f)).map((f) => f.slice(0, -3)) : []);
if (!name || !existsSync(join(root, 'bench', `${name}.ts`))) {
  console.error(`usage: npm run bench -- <name>   (available: ${list().join(', ') || 'none'})`);
  process.exit(2);
}
const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'bench', `${name}.ts`), ...args], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
