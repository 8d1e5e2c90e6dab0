import { startServer } from '@zhicheng/server';

/** Runs the platform until SIGTERM/SIGINT; a second signal exits at once. */
export async function start(): Promise<void> {
  const server = await startServer(process.env);
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.stderr.write(`zhicheng: ${signal} again, exiting without waiting\n`);
      process.exit(130);
    }
    stopping = true;
    void server.stop(signal).then(() => process.exit(0));
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
