/**
 * Streams JSON records from the two layouts real exports use: one object per line (JSON lines)
 * and objects written one after another, pretty-printed over many lines (`evtx_dump` without
 * `--jsonl`, or a JSON array of objects). The splitter tracks strings and nesting byte by byte,
 * so memory holds one record at most, whatever the file size.
 */
import { peek, splitLines } from './chunks.js';
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  NEWLINE,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from './json-bytes.js';

export type JsonRecordItem =
  | { kind: 'record'; value: unknown; line: number }
  | { kind: 'error'; line: number; message: string; code: 'bad-json' | 'record-too-large' };

/**
 * Yields every top-level object. A top-level array is looked into: its objects are records
 * (the shape of `[ {...}, {...} ]` exports). Text between records that is not whitespace or
 * a separator is reported as `bad-json` once per run of it.
 */
export async function* jsonRecords(
  source: AsyncIterable<Buffer>,
  maxRecordBytes: number,
): AsyncIterable<JsonRecordItem> {
  let depth = 0;
  let inString = false;
  let escaped = false;
  // Depth at which records start: 0 normally, 1 inside a top-level array.
  let base = 0;
  let line = 1;
  let recordLine = 1;
  let parts: Buffer[] = [];
  let held = 0;
  let oversized = false;
  let junkLine = 0;

  for await (const chunk of source) {
    let start = -1;
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i] as number;
      if (byte === NEWLINE) line += 1;
      if (depth > base) {
        if (inString) {
          if (escaped) escaped = false;
          else if (byte === BACKSLASH) escaped = true;
          else if (byte === QUOTE) inString = false;
          continue;
        }
        if (byte === QUOTE) inString = true;
        else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth += 1;
        else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
          depth -= 1;
          if (depth === base) {
            const piece = chunk.subarray(start === -1 ? 0 : start, i + 1);
            yield finishRecord(piece);
            start = -1;
          }
        }
        continue;
      }
      // Between records.
      if (byte === OPEN_BRACE) {
        depth += 1;
        start = i;
        recordLine = line;
        junkLine = 0;
      } else if (byte === OPEN_BRACKET && depth === 0 && base === 0) {
        base = 1;
        depth = 1;
      } else if (byte === CLOSE_BRACKET && base === 1 && depth === 1) {
        base = 0;
        depth = 0;
      } else if (
        byte !== 0x20 &&
        byte !== 0x09 &&
        byte !== 0x0d &&
        byte !== NEWLINE &&
        byte !== 0x2c
      ) {
        if (junkLine === 0) {
          junkLine = line;
          yield { kind: 'error', line, code: 'bad-json', message: 'text outside any JSON object' };
        }
      }
    }
    if (depth > base) {
      const rest = chunk.subarray(start === -1 ? 0 : start);
      if (oversized || held + rest.length > maxRecordBytes) {
        oversized = true;
        parts = [];
        held = 0;
      } else {
        parts.push(Buffer.from(rest));
        held += rest.length;
      }
    }
  }
  if (depth > base) {
    yield {
      kind: 'error',
      line: recordLine,
      code: 'bad-json',
      message: 'input ends inside a record',
    };
  }

  function finishRecord(piece: Buffer): JsonRecordItem {
    const wasOversized = oversized || held + piece.length > maxRecordBytes;
    const text = wasOversized
      ? ''
      : (parts.length ? Buffer.concat([...parts, piece]) : piece).toString('utf8');
    parts = [];
    held = 0;
    oversized = false;
    if (wasOversized) {
      return {
        kind: 'error',
        line: recordLine,
        code: 'record-too-large',
        message: `record larger than ${maxRecordBytes} bytes`,
      };
    }
    try {
      return { kind: 'record', value: JSON.parse(text) as unknown, line: recordLine };
    } catch (error) {
      return {
        kind: 'error',
        line: recordLine,
        code: 'bad-json',
        message: (error as Error).message,
      };
    }
  }
}

/**
 * JSON lines when the first line is a whole JSON value, else the object splitter. Line mode
 * matters for damaged input: a cut record then costs one line, where the splitter would read
 * on into the next record looking for the end of a string.
 */
export async function* jsonRecordsAuto(
  source: AsyncIterable<Buffer>,
  maxRecordBytes: number,
): AsyncIterable<JsonRecordItem> {
  const { head, all } = await peek(source, 64 * 1024);
  const text = head.toString('utf8');
  const end = text.indexOf('\n');
  let lineMode = false;
  if (end !== -1) {
    try {
      const first = JSON.parse(text.slice(0, end)) as unknown;
      lineMode = typeof first === 'object' && first !== null && !Array.isArray(first);
    } catch {
      lineMode = false;
    }
  }
  if (!lineMode) {
    yield* jsonRecords(all, maxRecordBytes);
    return;
  }
  for await (const line of splitLines(all, maxRecordBytes)) {
    if (line.kind === 'too-long') {
      yield {
        kind: 'error',
        line: line.number,
        code: 'record-too-large',
        message: `line of ${line.bytes} bytes`,
      };
      continue;
    }
    if (line.text.trim() === '') continue;
    try {
      yield { kind: 'record', value: JSON.parse(line.text) as unknown, line: line.number };
    } catch (error) {
      yield {
        kind: 'error',
        line: line.number,
        code: 'bad-json',
        message: (error as Error).message,
      };
    }
  }
}
