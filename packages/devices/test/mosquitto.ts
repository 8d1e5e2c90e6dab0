import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect, createServer, type AddressInfo } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export const DYNSEC_PLUGIN = '/usr/lib/x86_64-linux-gnu/mosquitto_dynamic_security.so';

const onPath = (bin: string) => spawnSync('sh', ['-c', `command -v ${bin}`]).status === 0;

/** Why the dynamic-security tests cannot run here, or null when they can. */
export function dynsecUnavailable(): string | null {
  if (!existsSync(DYNSEC_PLUGIN)) return `${DYNSEC_PLUGIN} is not installed (apt-get install mosquitto)`;
  if (!onPath('mosquitto') || !onPath('mosquitto_ctrl')) return 'mosquitto or mosquitto_ctrl is not on the PATH';
  return null;
}

export async function freePort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

const accepts = (port: number) => new Promise<boolean>((resolve) => {
  const sock = connect(port, '127.0.0.1');
  sock.once('connect', () => {
    sock.destroy();
    resolve(true);
  });
  sock.once('error', () => resolve(false));
});

/**
 * A Mosquitto of our own on `port` with the dynamic-security plugin, its state in a temp
 * folder (initialised by `mosquitto_ctrl dynsec init` with an admin client), anonymous
 * access off. `start()` again after `stop()` brings it back with the same state.
 */
export function ownMosquitto(port: number, admin = { username: 'zc-admin', password: `Adm1n-${Math.random().toString(36).slice(2)}` }) {
  const dir = mkdtempSync(join(tmpdir(), 'zc-mosquitto-'));
  const state = join(dir, 'dynamic-security.json');
  const conf = join(dir, 'mosquitto.conf');
  const init = spawnSync('mosquitto_ctrl', ['dynsec', 'init', state, admin.username, admin.password], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(`mosquitto_ctrl dynsec init failed: ${init.stderr || init.stdout}`);
  writeFileSync(conf, [
    `listener ${port} 127.0.0.1`, 'allow_anonymous false', `plugin ${DYNSEC_PLUGIN}`, `plugin_opt_config_file ${state}`,
    // Started as root, mosquitto would switch to the user "mosquitto", who cannot read our temp folder.
    `user ${userInfo().username}`,
    'persistence false', 'log_dest stderr', 'log_type error', 'log_type warning',
  ].join('\n') + '\n');
  let proc: ChildProcess | null = null;
  let output = '';
  return {
    admin,
    url: `mqtt://${admin.username}:${admin.password}@127.0.0.1:${port}`,
    async start() {
      proc = spawn('mosquitto', ['-c', conf], { stdio: ['ignore', 'ignore', 'pipe'] });
      proc.stderr!.on('data', (d: Buffer) => (output += d.toString()));
      const exited = new Promise<never>((_, reject) => proc!.once('exit', (code) => reject(new Error(`mosquitto exited (${code}): ${output}`))));
      // until the port accepts (a condition), or the process dies
      const ready = (async () => {
        while (!(await accepts(port))) await new Promise((r) => setTimeout(r, 20));
      })();
      await Promise.race([ready, exited]);
    },
    async stop() {
      const p = proc;
      proc = null;
      if (!p || p.exitCode !== null) return;
      const gone = new Promise<void>((r) => p.once('exit', () => r()));
      p.kill('SIGTERM');
      await gone;
    },
    async dispose() {
      await this.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
