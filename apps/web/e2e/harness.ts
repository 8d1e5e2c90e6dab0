/**
 * End-to-end harness: starts the REAL server (`zhicheng start`) on a free port with a fresh
 * data folder, and Debian's Chromium through playwright-core. Used by console.test.ts.
 *
 * Without /usr/bin/chromium the suite is skipped with a warning, unless ZC_REQUIRE_BROWSER=1
 * (CI), where it fails. ZC_E2E_BASE_URL points the suite at a server that is already running
 * (then ZC_DEMO_PASSWORD, ZC_ADMIN_PASSWORD, ZC_SECURITY_ADMIN_PASSWORD and ZC_AUDIT_ADMIN_PASSWORD
 * must be those of that server).
 */
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import type { Browser } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = join(here, '..', '..', '..');
export const ARTIFACTS_DIR = join(here, 'artifacts');
const CLI = join(REPO_ROOT, 'apps', 'cli', 'bin', 'zhicheng.mjs');
const BUILD_SCRIPT = join(REPO_ROOT, 'scripts', 'build-web.mjs');
export const CHROMIUM_PATH = '/usr/bin/chromium';

export interface BrowserCheck {
  available: boolean;
  required: boolean;
  message: string;
}

export function checkBrowser(): BrowserCheck {
  const available = existsSync(CHROMIUM_PATH);
  return {
    available,
    required: process.env.ZC_REQUIRE_BROWSER === '1',
    message: available
      ? `using ${CHROMIUM_PATH}`
      : `browser tests need Debian's Chromium at ${CHROMIUM_PATH}: install it with \`apt-get install -y chromium\``,
  };
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // WebGL for maplibre in software.
      '--use-gl=angle',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}

/** A password any sensible policy accepts: long, mixed case, digits, a symbol. */
function strongPassword(): string {
  return `Zc-${randomBytes(15).toString('base64url')}-9a!`;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Builds the console if its sources changed (the server serves apps/web/dist). */
export function ensureConsoleBuilt(): void {
  const result = spawnSync(process.execPath, [BUILD_SCRIPT], { cwd: REPO_ROOT, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`console build failed:\n${result.stdout}\n${result.stderr}`);
}

export interface ServerHandle {
  baseUrl: string;
  demoPassword: string;
  /** `admin`, the system administrator (ZC_ADMIN_PASSWORD). */
  adminPassword: string;
  /** `secadmin`, the security administrator (ZC_SECURITY_ADMIN_PASSWORD). */
  securityAdminPassword: string;
  /** `auditadmin`, the audit administrator (ZC_AUDIT_ADMIN_PASSWORD). */
  auditAdminPassword: string;
  /** The last lines the server printed, for failure messages. */
  output: () => string;
  stop: () => Promise<void>;
}

/** `extraEnv`: settings for this server only (e.g. ZC_MAP_TILE_URL); ignored for ZC_E2E_BASE_URL. */
export async function startServer(extraEnv: Record<string, string> = {}): Promise<ServerHandle> {
  const external = process.env.ZC_E2E_BASE_URL;
  if (external) {
    await waitForHealth(external, null, () => '');
    return {
      baseUrl: external.replace(/\/$/, ''),
      demoPassword: process.env.ZC_DEMO_PASSWORD ?? '',
      adminPassword: process.env.ZC_ADMIN_PASSWORD ?? '',
      securityAdminPassword: process.env.ZC_SECURITY_ADMIN_PASSWORD ?? '',
      auditAdminPassword: process.env.ZC_AUDIT_ADMIN_PASSWORD ?? '',
      output: () => '',
      stop: async () => {},
    };
  }

  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'zc-e2e-'));
  const demoPassword = strongPassword();
  const adminPassword = strongPassword();
  const securityAdminPassword = strongPassword();
  const auditAdminPassword = strongPassword();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    MQTT_PORT: '0',
    ZC_DATA_DIR: dataDir,
    ZC_ADMIN_PASSWORD: adminPassword,
    ZC_DEMO_PASSWORD: demoPassword,
    ZC_SECURITY_ADMIN_PASSWORD: securityAdminPassword,
    ZC_AUDIT_ADMIN_PASSWORD: auditAdminPassword,
    ZC_DEMO: 'on',
    // The simulated fleet, with no history replay and 60× speed so values move within seconds.
    ZC_SIMULATOR: 'on',
    ZC_SIMULATOR_BACKFILL_DAYS: '0',
    ZC_SIMULATOR_SPEED: process.env.ZC_SIMULATOR_SPEED ?? '60',
    LOG_LEVEL: 'warn',
    ...extraEnv,
  };
  // The embedded engines, whatever the developer's shell has configured.
  for (const name of ['DATABASE_URL', 'MQTT_URL', 'NATS_URL', 'NODE_ENV', 'ZC_E2E_BASE_URL']) delete env[name];

  const child = spawn(process.execPath, [CLI, 'start'], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    if (lines.length > 200) lines.splice(0, lines.length - 200);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const output = () => lines.join('\n');
  const baseUrl = `http://127.0.0.1:${port}`;

  const stop = async () => {
    await terminate(child);
    rmSync(dataDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
  try {
    await waitForHealth(baseUrl, child, output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, demoPassword, adminPassword, securityAdminPassword, auditAdminPassword, output, stop };
}

async function waitForHealth(baseUrl: string, child: ChildProcess | null, output: () => string): Promise<void> {
  const deadline = Date.now() + 150_000;
  let last = 'no answer yet';
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`the server exited with code ${child.exitCode} before it was healthy:\n${output()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(2_000) });
      if (response.status === 200) return;
      last = `HTTP ${response.status}: ${await response.text()}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  throw new Error(`${baseUrl}/healthz did not answer 200 in time (last: ${last}):\n${output()}`);
}

function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Waits until the in-process simulator runs (provisioning the fleet takes ~10 s after start). */
export async function waitForSimulator(baseUrl: string, token: string, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    const response = await fetch(`${baseUrl}/api/v1/simulator`, { headers: { Authorization: `Bearer ${token}` } });
    last = await response.text();
    if (response.ok && (JSON.parse(last) as { state?: string }).state === 'running') return;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error(`the simulator did not reach "running" in time (last: ${last})`);
}

export async function apiLogin(baseUrl: string, username: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (!response.ok) throw new Error(`login as ${username} failed: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { token: string }).token;
}

export function artifactPath(name: string): string {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  return join(ARTIFACTS_DIR, name);
}
