/** The `elementtiming` name of the overview's own text, whose presentation {@link afterPaint} can wait for. */
export const OVERVIEW_TEXT_TIMING = 'overview-text';

export interface AfterPaintOptions {
  /**
   * The `elementtiming` attribute of an element: wait until the browser reports it presented on
   * screen (Element Timing), not only painted. Where Element Timing is missing, the page waits for
   * a painted frame and an idle moment instead.
   */
  element?: string;
  /** Run the task at most this long after the call, whatever happened. */
  timeoutMs?: number;
}

/**
 * Runs `task` once the browser has put the page's text on screen (at most `timeoutMs` later), and
 * returns a function that cancels it. Used to start heavy work (the map library, megabytes of
 * boundaries) after the page's own text, so that it never competes with its first paint.
 *
 * "Painted" is not "on screen": with software rendering the GPU process may take a few hundred
 * milliseconds to rasterise and present a frame of text, and the heavy work would take that time
 * from it. Hence `element`, which waits for the presentation of one named element.
 */
export function afterPaint(task: () => void, { element, timeoutMs = 1000 }: AfterPaintOptions = {}): () => void {
  let done = false;
  const cleanups: (() => void)[] = [];
  const run = () => {
    if (done) return;
    done = true;
    for (const cleanup of cleanups) cleanup();
    task();
  };

  const timer = window.setTimeout(run, timeoutMs);
  cleanups.push(() => window.clearTimeout(timer));

  if (element && supportsElementTiming()) {
    const observer = new PerformanceObserver((list) => {
      if (list.getEntries().some((entry) => (entry as PerformanceEntry & { identifier?: string }).identifier === element)) run();
    });
    observer.observe({ type: 'element', buffered: true });
    cleanups.push(() => observer.disconnect());
  } else {
    let idle: number | undefined;
    let fallback: number | undefined;
    const frame = requestAnimationFrame(() => {
      if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(run, { timeout: timeoutMs });
      else fallback = window.setTimeout(run, 0);
    });
    cleanups.push(() => {
      cancelAnimationFrame(frame);
      if (idle !== undefined) cancelIdleCallback(idle);
      if (fallback !== undefined) window.clearTimeout(fallback);
    });
  }

  return () => {
    done = true;
    for (const cleanup of cleanups) cleanup();
  };
}

function supportsElementTiming(): boolean {
  return typeof PerformanceObserver === 'function' && (PerformanceObserver.supportedEntryTypes ?? []).includes('element');
}
