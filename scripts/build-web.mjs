#!/usr/bin/env node
/**
 * Builds the web console (apps/web → apps/web/dist) with Vite, when needed.
 *
 *   node scripts/build-web.mjs              build if the web sources changed since the last
 *                                           build (root `postinstall`); the hash of the
 *                                           sources is kept in apps/web/dist/.build-hash
 *   node scripts/build-web.mjs --if-missing build only if apps/web/dist/index.html is absent
 *                                           (`npm start`)
 *   node scripts/build-web.mjs --force      always build (`npm run build:web`)
 *
 * Prints one line; Vite's own output only when the build fails. Without Vite installed
 * (`npm ci --omit=dev`) it says so and exits 0, except with --force, which exits 1.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const webDir = join(repoRoot, 'apps', 'web');
const distDir = join(webDir, 'dist');
const hashFile = join(distDir, '.build-hash');
const indexFile = join(distDir, 'index.html');
const PREFIX = 'build-web:';

const args = process.argv.slice(2);
const unknown = args.filter((arg) => arg !== '--force' && arg !== '--if-missing');
if (unknown.length > 0) {
  console.error(`${PREFIX} unknown option ${unknown.join(' ')} (use --force or --if-missing)`);
  process.exit(2);
}
const mode = args.includes('--force') ? 'force' : args.includes('--if-missing') ? 'if-missing' : 'changed';

/** Every file that shapes the bundle, in a stable order. */
function sourceFiles() {
  const files = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile()) files.push(path);
    }
  };
  walk(join(webDir, 'src'));
  walk(join(webDir, 'public'));
  for (const name of ['index.html', 'vite.config.ts', 'package.json']) {
    const path = join(webDir, name);
    if (existsSync(path)) files.push(path);
  }
  return files.map((path) => relative(webDir, path).split(sep).join('/')).sort();
}

function sourceHash() {
  const hash = createHash('sha256');
  for (const file of sourceFiles()) {
    hash.update(file);
    hash.update('\0');
    hash.update(readFileSync(join(webDir, file)));
    hash.update('\0');
  }
  return hash.digest('hex');
}

function storedHash() {
  try {
    return readFileSync(hashFile, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The workspace's own Vite first (npm may nest it there), else the hoisted one. */
function findVite() {
  const candidates = [join(webDir, 'node_modules', 'vite', 'bin', 'vite.js'), join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js')];
  return candidates.find((path) => existsSync(path)) ?? null;
}

function decide() {
  if (mode === 'force') return { build: true, reason: 'forced' };
  if (mode === 'if-missing') {
    return existsSync(indexFile) ? { build: false, reason: 'apps/web/dist exists' } : { build: true, reason: 'apps/web/dist missing' };
  }
  const hash = sourceHash();
  if (existsSync(indexFile) && storedHash() === hash) return { build: false, reason: 'console up to date' };
  return { build: true, reason: existsSync(indexFile) ? 'sources changed' : 'apps/web/dist missing', hash };
}

/**
 * Writes .br and .gz next to every text asset, so the server can send them as they are
 * (@fastify/static `preCompressed`) instead of compressing a megabyte of maplibre per request.
 */
function compressAssets() {
  const compressible = /\.(js|css|html|svg|json|txt|map)$/;
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (compressible.test(entry.name) && statSync(path).size >= 1024) {
        const data = readFileSync(path);
        writeFileSync(`${path}.br`, brotliCompressSync(data, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: data.length } }));
        writeFileSync(`${path}.gz`, gzipSync(data, { level: 9 }));
      }
    }
  };
  walk(distDir);
}

const decision = decide();
if (!decision.build) {
  console.log(`${PREFIX} ${decision.reason}, nothing to do`);
  process.exit(0);
}

const vite = findVite();
if (!vite) {
  if (mode === 'force') {
    console.error(`${PREFIX} vite is not installed; run \`npm install\` (with dev dependencies) first`);
    process.exit(1);
  }
  console.log(`${PREFIX} vite is not installed (production install?), web console not built; run \`npm install\` and \`npm run build:web\` to build it`);
  process.exit(0);
}

const started = Date.now();
const result = spawnSync(process.execPath, [vite, 'build'], {
  cwd: webDir,
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
  // NODE_ENV=test (set by vitest) or development would make Vite bundle React's dev build.
  env: { ...process.env, NODE_ENV: 'production', FORCE_COLOR: '0' },
});
if (result.status !== 0) {
  process.stdout.write(result.stdout ?? '');
  process.stderr.write(result.stderr ?? '');
  if (result.error) console.error(result.error.message);
  console.error(`${PREFIX} vite build failed (${decision.reason})`);
  process.exit(1);
}

compressAssets();
writeFileSync(hashFile, `${decision.hash ?? sourceHash()}\n`);
const seconds = ((Date.now() - started) / 1000).toFixed(1);
console.log(`${PREFIX} built apps/web/dist in ${seconds}s (${decision.reason})`);
