/**
 * Runs `task` once the browser has painted the page and gone idle (at most `timeoutMs`
 * later). Used to start heavy work (the map library, megabytes of boundaries) after the
 * page's text is on screen, so it never sits on the path to the largest contentful paint.
 */
export function afterPaint(task: () => void, timeoutMs = 1000): () => void {
  let idle: number | undefined;
  let timer: number | undefined;
  const frame = requestAnimationFrame(() => {
    if (typeof requestIdleCallback === 'function') idle = requestIdleCallback(task, { timeout: timeoutMs });
    else timer = window.setTimeout(task, 0);
  });
  return () => {
    cancelAnimationFrame(frame);
    if (idle !== undefined) cancelIdleCallback(idle);
    if (timer !== undefined) window.clearTimeout(timer);
  };
}
