import type { Map as MapLibreMap } from 'maplibre-gl';

/**
 * The pixel ratio the map draws at while its layers are being added (see {@link addInStages}).
 * 1/16 of a 1920 px wide map is a 120 px drawing buffer: drawing it costs next to nothing.
 */
export const WARM_UP_PIXEL_RATIO = 1 / 16;

/** A stage that never finishes drawing (a source that fails to load) holds the others up no longer than this. */
const STAGE_TIMEOUT_MS = 1500;

/**
 * A step of the warm-up: adds layers (the next step waits until the map has drawn them), or returns
 * a promise to wait for (the overlays' first data, so that their programs too compile while small).
 */
export type WarmUpStage = () => void | Promise<void>;

/**
 * Adds the map's layers a group at a time, each group in its own task once the map has drawn the
 * previous one, and calls `done` after the last. Returns a function that cancels what is still to come.
 *
 * Why: maplibre compiles a layer type's shader program the first time it draws that type, and the
 * compile waits, on the main thread, until the GPU process has done everything queued before it.
 * With software WebGL (SwiftShader: a wall-screen PC or a laptop's VM without a GPU) that is ~100 ms
 * for each full-size frame, the map's or the page's, so every compile after one blocked the page
 * that long. Drawn at {@link WARM_UP_PIXEL_RATIO}, invisible (no page frame either) and a few
 * programs per frame, no task waits long; the map then switches to full resolution, where nothing
 * is compiled any more.
 */
export function addInStages(map: MapLibreMap, stages: readonly WarmUpStage[], done: () => void): () => void {
  let cancelled = false;
  let timer: number | undefined;
  let stopWaiting: (() => void) | undefined;

  const run = (index: number) => {
    timer = undefined;
    if (cancelled) return;
    const stage = stages[index];
    if (!stage) {
      done();
      return;
    }
    // A new task: the next group's style changes stay out of the frame that drew this one.
    const next = () => {
      timer = window.setTimeout(() => run(index + 1), 0);
    };
    const waiting = stage();
    if (waiting) {
      void waiting.then(next);
      return;
    }
    stopWaiting = afterDrawn(map, next);
    map.triggerRepaint();
  };
  run(0);

  return () => {
    cancelled = true;
    stopWaiting?.();
    if (timer !== undefined) window.clearTimeout(timer);
  };
}

/**
 * Calls `then` after the first frame that drew every source loaded (so the new layers drew, and
 * their programs are compiled), or after {@link STAGE_TIMEOUT_MS}. Not `idle`: that also waits for
 * the paint transitions of the new layers (300 ms each stage).
 */
function afterDrawn(map: MapLibreMap, then: () => void): () => void {
  let settled = false;
  const stop = () => {
    settled = true;
    window.clearTimeout(timeout);
    map.off('render', onRender);
  };
  const finish = () => {
    if (settled) return;
    stop();
    then();
  };
  const onRender = () => {
    if (map.loaded()) finish();
  };
  const timeout = window.setTimeout(finish, STAGE_TIMEOUT_MS);
  map.on('render', onRender);
  return stop;
}
