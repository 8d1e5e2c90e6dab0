/**
 * Runs `task` one at a time. A call while it runs asks for one more run after it (any number of
 * such calls fold into that one), so work signalled meanwhile is neither missed nor run twice at
 * once. Each call's promise settles when the run that covers it has ended. A failed run goes to
 * `onError` (it never rejects); a requested rerun still happens unless `stopped()` says so.
 */
export function createSerialRunner(task: () => Promise<void>, o: { onError(err: unknown): void; stopped?: () => boolean }) {
  let running: Promise<void> | null = null;
  let again = false;
  return {
    run(): Promise<void> {
      if (running) {
        again = true;
        return running;
      }
      running = (async () => {
        do {
          again = false;
          try {
            await task();
          } catch (err) {
            o.onError(err);
          }
        } while (again && !(o.stopped?.() ?? false));
      })().finally(() => {
        running = null;
      });
      return running;
    },
    /** The run under way, if any (resolved when idle). */
    idle: (): Promise<void> => running ?? Promise.resolve(),
  };
}
