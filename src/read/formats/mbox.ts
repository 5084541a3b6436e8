/**
 * Reads a Unix mailbox (`mbox`): messages one after another, each opened by a `From ` line
 * after a blank line (or at the start). Messages are cut out byte for byte, because raw 8-bit
 * header bytes must reach the MIME parser unchanged, and each is read like an `.eml`.
 * Body lines quoted as `>From ` are left as written: mboxo and mboxrd disagree on them.
 */
import type { FormatReader, InputSource, ReadContext, ReadItem, SniffSample } from '../types.js';
import { mailHeaderScore, messageItems } from './eml.js';
import { problemItem } from './items.js';

const FROM = Buffer.from('From ');
const NEWLINE = 0x0a;
// A separator is `From <sender> <asctime date>`; requiring the date's `hh:mm` keeps a body
// line such as `From the start...` after a blank line from splitting a message that its
// writer forgot to quote. The date sits well inside the first 256 bytes.
const SEPARATOR_HEAD = 256;
const CLOCK = /\d:\d\d/;

function isSeparator(head: Buffer): boolean {
  return head.subarray(0, FROM.length).equals(FROM) && CLOCK.test(head.toString('latin1'));
}

type MboxItem = { line: number; raw: Buffer } | { line: number; oversized: number };

/** Splits the stream into messages; one larger than `maxBytes` is reported, not kept. */
export async function* mboxMessages(
  source: AsyncIterable<Buffer>,
  maxBytes: number,
): AsyncIterable<MboxItem> {
  let message: Buffer[] = [];
  let size = 0;
  let start = 0;
  // The current line: its pieces (dropped once the line alone passes the cap), its size and
  // its first bytes, which decide whether it opens a message.
  let line: Buffer[] = [];
  let lineSize = 0;
  let head = Buffer.alloc(0);
  let lineNumber = 1;
  let previousEmpty = true;
  let lastLineSize = 0;

  const finish = (): MboxItem => {
    // The blank line before the next separator belongs to the mailbox, not the message.
    const raw = Buffer.concat(message);
    const item: MboxItem =
      size > maxBytes
        ? { line: start, oversized: size }
        : { line: start, raw: previousEmpty ? raw.subarray(0, raw.length - lastLineSize) : raw };
    message = [];
    size = 0;
    return item;
  };

  const endLine = (): MboxItem | undefined => {
    let done: MboxItem | undefined;
    const opens = previousEmpty && isSeparator(head);
    if (opens) {
      if (start > 0) done = finish();
      start = lineNumber;
    } else {
      if (start === 0) start = lineNumber;
      if (size + lineSize <= maxBytes) message.push(...line);
      else message = [];
      size += lineSize;
    }
    previousEmpty = lineSize <= 2 && (head[0] === NEWLINE || head[0] === 0x0d);
    lastLineSize = lineSize;
    line = [];
    lineSize = 0;
    head = Buffer.alloc(0);
    lineNumber += 1;
    return done;
  };

  for await (const chunk of source) {
    let at = 0;
    while (at < chunk.length) {
      const newline = chunk.indexOf(NEWLINE, at);
      const end = newline === -1 ? chunk.length : newline + 1;
      const piece = chunk.subarray(at, end);
      if (head.length < SEPARATOR_HEAD) {
        head = Buffer.concat([head, piece.subarray(0, SEPARATOR_HEAD - head.length)]);
      }
      lineSize += piece.length;
      // Copy: the producer may reuse the chunk's memory.
      if (lineSize <= maxBytes) line.push(Buffer.from(piece));
      else line = [];
      at = end;
      if (newline !== -1) {
        const done = endLine();
        if (done) yield done;
      }
    }
  }
  if (lineSize > 0) {
    const done = endLine();
    if (done) yield done;
  }
  if (start > 0) yield finish();
}

async function* readMbox(input: InputSource, ctx: ReadContext): AsyncIterable<ReadItem> {
  const maxBytes = ctx.limits.maxMessageBytes;
  for await (const item of mboxMessages(input.chunks(), maxBytes)) {
    const location = `line ${item.line}`;
    if ('raw' in item) {
      yield* messageItems(item.raw, 'mbox', input.name, location, ctx.inspectMessage);
    } else {
      const message = `message of ${item.oversized} bytes is larger than ${maxBytes}`;
      yield problemItem(input.name, location, 'record-too-large', message);
    }
  }
}

/** A `From ` separator line, then a mail header block. */
function sniffMbox(sample: SniffSample): number {
  const newline = sample.head.indexOf(NEWLINE);
  if (newline === -1 || !isSeparator(sample.head.subarray(0, newline))) return 0;
  return mailHeaderScore(sample.head.subarray(newline + 1)) > 0 ? 90 : 0;
}

export const mboxReader: FormatReader = {
  id: 'mbox',
  title: 'Unix mailbox (mbox) of email messages',
  source: 'email',
  signature: 'a "From sender date" line, then RFC 5322 headers; messages one after another',
  sniff: sniffMbox,
  read: readMbox,
};
