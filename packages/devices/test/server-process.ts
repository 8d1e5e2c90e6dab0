import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../../../apps/cli/bin/zhicheng.mjs', import.meta.url));

export interface Server {
  url: string;
  mqttPort: number;
  child: ChildProcess;
  exited: Promise<number | null>;
  output(): string;
}

/** `zhicheng start` as a real process (as apps/cli/test/server-process.ts does), with the embedded broker's port. */
export async function startServer(env: Record<string, string>, timeoutMs = 90_000): Promise<Server> {
  const child = spawn(process.execPath, [CLI, 'start'], {
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', PORT: '0', MQTT_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const found = await new Promise<{ url: string; mqttPort: number }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${out.slice(-3000)}`)), timeoutMs);
    let mqttPort = 0;
    const check = () => {
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const rec = JSON.parse(line) as { msg?: string; url?: string; port?: number };
          if (rec.msg === 'embedded MQTT broker listening' && rec.port) mqttPort = rec.port;
          if (rec.msg === 'Zhicheng is running' && rec.url) {
            clearTimeout(timer);
            resolve({ url: rec.url, mqttPort });
            return;
          }
        } catch {
          // not a log line
        }
      }
    };
    child.stdout!.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code}:\n${out.slice(-3000)}`));
    });
  });
  return { ...found, child, exited, output: () => out };
}
