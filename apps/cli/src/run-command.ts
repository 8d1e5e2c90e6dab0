import { ConfigError, StartupError } from '@zhicheng/kernel';

/**
 * Runs a command body; failures a person can fix (bad setting, taken port, unreachable
 * server) print one line and exit 1, anything else prints its stack.
 */
export async function runCommand(fn: () => Promise<number | void>): Promise<void> {
  try {
    const code = await fn();
    if (typeof code === 'number') process.exitCode = code;
  } catch (err) {
    if (err instanceof ConfigError || err instanceof StartupError || (err as { code?: string }).code === 'ERR_CLI') {
      process.stderr.write(`zhicheng: ${(err as Error).message}\n`);
    } else {
      process.stderr.write(`zhicheng: ${(err as Error).stack ?? String(err)}\n`);
    }
    // Exit now: a half-started platform may hold timers or sockets open.
    process.exit(1);
  }
}

export class CliError extends Error {
  readonly code = 'ERR_CLI';
}
