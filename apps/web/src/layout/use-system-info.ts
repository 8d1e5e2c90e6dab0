import { useEffect, useState } from 'react';
import { fetchSystemInfo } from '../api/system';
import type { SystemInfo } from '../api/types';

let cached: SystemInfo | null = null;

/** `GET /api/v1/system/info` once per page load; null until it answers (or if it fails). */
export function useSystemInfo(): SystemInfo | null {
  const [info, setInfo] = useState<SystemInfo | null>(cached);
  useEffect(() => {
    if (cached) return;
    const controller = new AbortController();
    fetchSystemInfo(controller.signal)
      .then((value) => {
        cached = value;
        setInfo(value);
      })
      .catch((error: unknown) => {
        if (!controller.signal.aborted) console.warn('system info unavailable', error);
      });
    return () => controller.abort();
  }, []);
  return info;
}
