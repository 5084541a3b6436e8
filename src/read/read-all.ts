/**
 * Reads everything the user named: expands containers, picks a reader per leaf input, and
 * yields events and problems in input order. A reader that throws part-way (a truncated gzip,
 * a stream error) costs only the rest of that input, reported as a problem.
 */
import { problem } from '../core/problems.js';
import { peek } from './chunks.js';
import { DEFAULT_INPUT_LIMITS, expandInputs, type InputLimits } from './inputs.js';
import type { ReaderRegistry } from './registry.js';
import {
  SNIFF_BYTES,
  type FormatReader,
  type InputSource,
  type ReadContext,
  type ReadItem,
} from './types.js';

export interface ReadAllOptions {
  registry: ReaderRegistry;
  context: ReadContext;
  /** Skip sniffing and read every input with this reader. */
  format?: string;
  inputLimits?: InputLimits;
  /** Called once per leaf input before it is read. */
  onInput?: (name: string, reader: FormatReader | undefined) => void;
}

export async function* readAll(
  paths: readonly string[],
  options: ReadAllOptions,
): AsyncIterable<ReadItem> {
  const forced = options.format ? options.registry.get(options.format) : undefined;
  for await (const item of expandInputs(paths, options.inputLimits ?? DEFAULT_INPUT_LIMITS)) {
    if (item.kind === 'problem') {
      yield item;
      continue;
    }
    yield* readOne(item.source, forced, options);
  }
}

async function* readOne(
  source: InputSource,
  forced: FormatReader | undefined,
  options: ReadAllOptions,
): AsyncIterable<ReadItem> {
  let peeked;
  try {
    peeked = await peek(source.chunks(), SNIFF_BYTES);
  } catch (error) {
    yield problemItem(source.name, 'unreadable-input', (error as Error).message);
    return;
  }
  const reader = forced ?? options.registry.sniff({ name: source.name, head: peeked.head });
  options.onInput?.(source.name, reader);
  if (!reader) {
    const known = options.registry.ids().join(', ');
    yield problemItem(source.name, 'unknown-format', `no reader recognised it (formats: ${known})`);
    return;
  }
  options.context.logger.debug('reading input', { input: source.name, format: reader.id });
  const replay: InputSource = { ...source, chunks: () => peeked.all };
  try {
    yield* reader.read(replay, options.context);
  } catch (error) {
    const message = (error as Error).message || String(error);
    const code = /gzip|zlib|unexpected end|invalid (block|distance|code)|incorrect header/i.test(
      message,
    )
      ? 'bad-archive'
      : 'unreadable-input';
    yield problemItem(source.name, code, `reading stopped: ${message}`);
  }
}

function problemItem(
  input: string,
  code: 'unreadable-input' | 'unknown-format' | 'bad-archive',
  message: string,
): ReadItem {
  return { kind: 'problem', problem: problem(input, '', code, message) };
}
