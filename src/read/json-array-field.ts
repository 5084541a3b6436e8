/**
 * Reads a JSON document of the shape `{ ..., "FIELD": [ {...}, {...} ], ... }` with the
 * array's objects one at a time: `incidents.json` of a ten-million-event run is hundreds of
 * megabytes, more than one string may hold. The other members are small and parsed whole.
 * Like `jsonRecords`, the scanner tracks strings and nesting byte by byte.
 */
import { LurewatchError, problem } from '../core/problems.js';
import {
  BACKSLASH,
  CLOSE_BRACE,
  CLOSE_BRACKET,
  COLON,
  COMMA,
  NEWLINE,
  OPEN_BRACE,
  OPEN_BRACKET,
  QUOTE,
} from './json-bytes.js';

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** Bytes of one token or value, gathered across chunk boundaries, capped in size. */
class Span {
  private parts: Buffer[] = [];
  private size = 0;
  private from = -1;

  constructor(
    private readonly max: number,
    private readonly fail: (m: string) => never,
  ) {}

  get open(): boolean {
    return this.from !== -1;
  }

  begin(at: number): void {
    this.parts = [];
    this.size = 0;
    this.from = at;
  }

  /** At a chunk's end: keeps the open part. */
  carry(chunk: Buffer): void {
    if (this.from === -1) return;
    this.push(chunk.subarray(this.from));
    this.from = 0;
  }

  /** Closes the span before `at` and returns its text. */
  end(chunk: Buffer, at: number): string {
    this.push(chunk.subarray(this.from, at));
    this.from = -1;
    return Buffer.concat(this.parts).toString('utf8');
  }

  private push(part: Buffer): void {
    this.size += part.length;
    if (this.size > this.max) this.fail(`a value is larger than ${this.max} bytes`);
    this.parts.push(part);
  }
}

type State = 'start' | 'key' | 'colon' | 'value' | 'in-value' | 'items' | 'after' | 'end';

/**
 * Yields each object of the top-level member `field`; every other top-level member is put in
 * `rest`. Malformed input throws a `bad-record` problem naming `name` and the line.
 */
export async function* jsonArrayField(
  source: AsyncIterable<Buffer>,
  field: string,
  options: {
    name: string;
    maxValueBytes: number;
    rest: Record<string, unknown>;
    /** Set once `field` is found holding an array. */
    found?: { array: boolean };
  },
): AsyncGenerator<unknown> {
  let line = 1;
  const fail = (message: string): never => {
    throw new LurewatchError(problem(options.name, `line ${line}`, 'bad-record', message));
  };
  const span = new Span(options.maxValueBytes, fail);
  let state: State = 'start';
  let depth = 0;
  let inString = false;
  let escaped = false;
  let key = '';
  const parse = (text: string): unknown => {
    try {
      return JSON.parse(text) as unknown;
    } catch (error) {
      return fail((error as Error).message);
    }
  };

  for await (const chunk of source) {
    for (let i = 0; i < chunk.length; i += 1) {
      const byte = chunk[i] as number;
      if (byte === NEWLINE) line += 1;
      if (inString) {
        if (escaped) escaped = false;
        else if (byte === BACKSLASH) escaped = true;
        else if (byte === QUOTE) {
          inString = false;
          if (state === 'key') {
            key = String(parse(span.end(chunk, i + 1)));
            state = 'colon';
          }
        }
        continue;
      }
      // Inside a nested value or an array item: only nesting matters until it closes.
      if (depth > 1 && !(state === 'items' && depth === 2)) {
        if (byte === QUOTE) inString = true;
        else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth += 1;
        else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
          depth -= 1;
          if (state === 'items' && depth === 2) yield parse(span.end(chunk, i + 1));
        }
        continue;
      }
      if (isSpace(byte) && state !== 'in-value') continue;
      switch (state) {
        case 'start':
          if (byte !== OPEN_BRACE) fail('not a JSON object');
          depth = 1;
          state = 'key';
          break;
        case 'key':
          if (byte === CLOSE_BRACE) {
            depth = 0;
            state = 'end';
          } else if (byte === QUOTE && !span.open) {
            span.begin(i);
            inString = true;
          } else if (byte !== COMMA) fail('expected a member name');
          break;
        case 'colon':
          if (byte !== COLON) fail('expected ":"');
          state = 'value';
          break;
        case 'value':
          if (key === field && byte === OPEN_BRACKET) {
            if (options.found) options.found.array = true;
            depth = 2;
            state = 'items';
            break;
          }
          span.begin(i);
          state = 'in-value';
          i -= 1; // Look at this byte again as the value's first.
          break;
        case 'in-value':
          if (byte === COMMA || byte === CLOSE_BRACE) {
            options.rest[key] = parse(span.end(chunk, i));
            state = byte === COMMA ? 'key' : 'end';
            if (byte === CLOSE_BRACE) depth = 0;
          } else if (byte === QUOTE) inString = true;
          else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth += 1;
          break;
        case 'items':
          if (byte === OPEN_BRACE) {
            span.begin(i);
            depth = 3;
          } else if (byte === CLOSE_BRACKET) {
            depth = 1;
            state = 'after';
          } else if (byte !== COMMA) fail(`"${field}" holds something other than objects`);
          break;
        case 'after':
          if (byte === COMMA) state = 'key';
          else if (byte === CLOSE_BRACE) {
            depth = 0;
            state = 'end';
          } else fail('expected "," or "}"');
          break;
        case 'end':
          fail('text after the end of the document');
      }
    }
    span.carry(chunk);
  }
  if (state !== 'end') fail('the document ends early');
}
