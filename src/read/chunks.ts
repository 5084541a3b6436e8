/**
 * Helpers over streams of byte chunks: peeking at the start for sniffing, and splitting into
 * lines with a length cap so that a hostile input with no newline cannot exhaust memory.
 */

export interface Peeked {
  head: Buffer;
  /** The whole stream again, head included. */
  all: AsyncIterable<Buffer>;
}

export async function peek(source: AsyncIterable<Buffer>, bytes: number): Promise<Peeked> {
  const iterator = source[Symbol.asyncIterator]();
  const buffered: Buffer[] = [];
  let size = 0;
  let done = false;
  while (size < bytes) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    buffered.push(next.value);
    size += next.value.length;
  }
  const head = Buffer.concat(buffered).subarray(0, bytes);
  async function* all(): AsyncIterable<Buffer> {
    yield* buffered;
    if (done) return;
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      yield next.value;
    }
  }
  return { head, all: all() };
}

export type LineItem =
  | { kind: 'line'; text: string; number: number }
  | { kind: 'too-long'; number: number; bytes: number };

/**
 * Splits on `\n` (a trailing `\r` is dropped). A line over `maxBytes` is reported once as
 * `too-long` and its bytes are skipped without being kept.
 */
export async function* splitLines(
  source: AsyncIterable<Buffer>,
  maxBytes: number,
): AsyncIterable<LineItem> {
  let parts: Buffer[] = [];
  let held = 0;
  // Bytes of the current line seen so far once it passed the cap; they are not kept.
  let dropped = 0;
  let number = 1;

  const endLine = (piece: Buffer): LineItem => {
    const total = dropped + held + piece.length;
    let item: LineItem;
    if (dropped > 0 || total > maxBytes) {
      item = { kind: 'too-long', number, bytes: total };
    } else {
      let line = parts.length === 0 ? piece : Buffer.concat([...parts, piece]);
      if (line.length > 0 && line[line.length - 1] === 0x0d) line = line.subarray(0, -1);
      item = { kind: 'line', text: line.toString('utf8'), number };
    }
    parts = [];
    held = 0;
    dropped = 0;
    number += 1;
    return item;
  };

  for await (const chunk of source) {
    let start = 0;
    for (let nl = chunk.indexOf(0x0a); nl !== -1; nl = chunk.indexOf(0x0a, start)) {
      yield endLine(chunk.subarray(start, nl));
      start = nl + 1;
    }
    const rest = chunk.subarray(start);
    if (rest.length === 0) continue;
    if (dropped > 0 || held + rest.length > maxBytes) {
      dropped += held + rest.length;
      parts = [];
      held = 0;
    } else {
      // Copy: the producer may reuse the chunk's memory.
      parts.push(Buffer.from(rest));
      held += rest.length;
    }
  }
  if (dropped > 0 || held > 0) yield endLine(Buffer.alloc(0));
}

/** Reads a whole stream up to `maxBytes`; returns undefined when it is longer. */
export async function collect(
  source: AsyncIterable<Buffer>,
  maxBytes: number,
): Promise<Buffer | undefined> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of source) {
    size += chunk.length;
    if (size > maxBytes) return undefined;
    parts.push(chunk);
  }
  return Buffer.concat(parts);
}
