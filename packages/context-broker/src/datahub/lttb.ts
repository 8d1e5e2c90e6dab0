/**
 * Largest-Triangle-Three-Buckets (Steinarsson 2013): keeps the first and last points and, per
 * bucket, the point forming the largest triangle with the previous pick and the next bucket's
 * mean, so a chart of `threshold` points keeps the visible shape of the series.
 */
export function lttb(points: [number, number][], threshold: number): [number, number][] {
  const n = points.length;
  if (threshold >= n || threshold < 3) return points.slice();
  const out: [number, number][] = [points[0]!];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const start = Math.floor((i + 1) * every) + 1;
    const end = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgX = 0;
    let avgY = 0;
    for (let j = start; j < end; j++) {
      avgX += points[j]![0];
      avgY += points[j]![1];
    }
    const len = Math.max(1, end - start);
    avgX /= len;
    avgY /= len;
    const rangeStart = Math.floor(i * every) + 1;
    const rangeEnd = Math.floor((i + 1) * every) + 1;
    const [ax, ay] = points[a]!;
    let best = -1;
    let pick = rangeStart;
    for (let j = rangeStart; j < rangeEnd; j++) {
      const area = Math.abs((ax - avgX) * (points[j]![1] - ay) - (ax - points[j]![0]) * (avgY - ay));
      if (area > best) {
        best = area;
        pick = j;
      }
    }
    out.push(points[pick]!);
    a = pick;
  }
  out.push(points[n - 1]!);
  return out;
}
