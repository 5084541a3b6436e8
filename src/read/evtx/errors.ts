/**
 * Decoding errors of the EVTX reader. The low level says what it read, where, what it expected
 * and what it found; the chunk and record layers add their numbers when they turn an error into
 * a `bad-evtx` problem.
 */

/** For a limit crossed while expanding a record rather than while reading a byte. */
export const NO_OFFSET = -1;

export class EvtxFormatError extends Error {
  constructor(
    /** The structure or field being read, e.g. `record header magic`. */
    readonly field: string,
    /** Offset from the start of the chunk (or of the file, for the file header). */
    readonly offset: number,
    readonly expected: string,
    readonly found: string,
  ) {
    const at = offset === NO_OFFSET ? '' : ` (at offset 0x${offset.toString(16)})`;
    super(`${field}: expected ${expected}, found ${found}${at}`);
    this.name = 'EvtxFormatError';
  }
}

/** Fails with the bytes needed and available when `length` bytes at `offset` are not there. */
export function need(buf: Uint8Array, offset: number, length: number, field: string): void {
  if (offset < 0 || length < 0 || offset + length > buf.length) {
    throw new EvtxFormatError(
      field,
      offset,
      `${length} bytes`,
      `${Math.max(0, buf.length - offset)} available`,
    );
  }
}

export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}

/** The error's text with its offset made relative to the file, for a problem message. */
export function describeAt(error: unknown, base: number): string {
  if (error instanceof EvtxFormatError) {
    const text = `${error.field}: expected ${error.expected}, found ${error.found}`;
    if (error.offset === NO_OFFSET) return text;
    return `${text} (file offset 0x${(base + error.offset).toString(16)})`;
  }
  return error instanceof Error ? error.message : String(error);
}
