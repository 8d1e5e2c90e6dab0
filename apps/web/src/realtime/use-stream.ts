import { useEffect, useRef, useState } from 'react';
import { streamClient } from './stream-client';
import type { StreamEvent, StreamStatus } from './stream-client';

/**
 * Listens to topics of the realtime stream while the component is mounted. The listener
 * may change between renders; the subscription follows only `topics`.
 */
export function useStream(topics: readonly string[], listener: (event: StreamEvent) => void): void {
  const listenerRef = useRef(listener);
  useEffect(() => {
    listenerRef.current = listener;
  });
  const key = topics.join(',');
  useEffect(() => {
    if (key === '') return;
    return streamClient.subscribe(key.split(','), (event) => listenerRef.current(event));
  }, [key]);
}

export function useStreamStatus(): StreamStatus {
  const [status, setStatus] = useState<StreamStatus>('closed');
  useEffect(() => streamClient.onStatus(setStatus), []);
  return status;
}
