#!/usr/bin/env node
// `npm run docs:config`: rewrites the README's configuration table from the config schema.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const table = execFileSync(process.execPath, [join(root, 'apps/cli/bin/zhicheng.mjs'), 'config', '--markdown'], { encoding: 'utf8' }).trim();
const file = join(root, 'README.md');
const readme = readFileSync(file, 'utf8');
const next = readme.replace(/<!-- config:start -->[\s\S]*<!-- config:end -->/, `<!-- config:start -->\n${table}\n<!-- config:end -->`);
writeFileSync(file, next);
console.log(next === readme ? 'README configuration table is up to date.' : 'README configuration table updated.');
