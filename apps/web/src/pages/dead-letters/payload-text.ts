import type { DeadLetter } from '../../api/devices';

const PREVIEW_CHARS = 120;

/** One line of the payload for the table; base64 payloads are shown as they are. */
export function payloadPreview(letter: Pick<DeadLetter, 'payload'>): string {
  const line = letter.payload.replace(/\s+/g, ' ').trim();
  return line.length > PREVIEW_CHARS ? `${line.slice(0, PREVIEW_CHARS)}…` : line;
}

/** The whole payload, indented when it is JSON (a malformed payload is shown exactly as received). */
export function payloadFull(letter: Pick<DeadLetter, 'payload' | 'payloadEncoding'>): string {
  if (letter.payloadEncoding !== 'utf8') return letter.payload;
  try {
    return JSON.stringify(JSON.parse(letter.payload), null, 2);
  } catch {
    return letter.payload;
  }
}
