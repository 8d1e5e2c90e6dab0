import { spawn, type ChildProcess } from 'node:child_process';
import { CLI, cleanEnv } from './run-cli.js';

export interface ServerProcess {
  url: string;
  /** Port of the embedded MQTT broker (0 when external or off). */
  mqttPort: number;
  child: ChildProcess;
  /** Every line the process printed, for assertions and failure messages. */
  output(): string;
  /** Resolves with the exit code once the process has ended. */
  exited: Promise<number | null>;
}

/** Starts `zhicheng start` as a real process and waits for its "running" log line. */
export async function startServerProcess(env: Record<string, string>, timeoutMs = 60_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, [CLI, 'start'], { env: cleanEnv({ PORT: '0', MQTT_PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env }), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let mqttPort = 0;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start in ${timeoutMs} ms:\n${out}`)), timeoutMs);
    const check = () => {
      for (const line of out.split('\n')) {
        if (!line.startsWith('{')) continue;
        try {
          const rec = JSON.parse(line) as { msg?: string; url?: string; mqtt?: { port?: number } };
          if (rec.msg === 'Zhicheng is running' && rec.url) {
            mqttPort = rec.mqtt?.port ?? 0;
            clearTimeout(timer);
            // Found: stop rescanning everything printed so far on each later chunk (a long benchmark logs a lot).
            child.stdout!.off('data', check);
            resolve(rec.url);
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
      reject(new Error(`server exited with ${code} before it was running:\n${out}`));
    });
  });
  return { url, mqttPort, child, exited, output: () => out };
}
