import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/** Busy and total CPU time of the whole machine (all processes, all cores), for "machine busy %". */
export function cpuTimes(): { busy: number; total: number } {
  const c = cpus();
  return {
    busy: c.reduce((s, x) => s + x.times.user + x.times.nice + x.times.sys + x.times.irq, 0),
    total: c.reduce((s, x) => s + Object.values(x.times).reduce((a, b) => a + b, 0), 0),
  };
}

export const busyPct = (a: { busy: number; total: number }, b: { busy: number; total: number }) =>
  Math.round(((b.busy - a.busy) / Math.max(1, b.total - a.total)) * 1000) / 10;

/** Peak resident memory (VmHWM) of a process in MB, from /proc (Linux); null elsewhere. */
export function peakRssMb(pid: number): number | null {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : null;
  } catch {
    return null;
  }
}
