/**
 * Turns what the user named (files, directories, zip and gzip containers, nested once) into a
 * flat stream of leaf inputs with their bytes decompressed. Containers are recognised by their
 * magic bytes, not their names, because exports are renamed freely (`.Zip`, `.json.gz`, none).
 */
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import yauzl from 'yauzl';
import { problem, type Problem } from '../core/problems.js';
import { collect, peek } from './chunks.js';
import type { InputSource } from './types.js';

export type InputItem =
  { kind: 'input'; source: InputSource } | { kind: 'problem'; problem: Problem };

export interface InputLimits {
  /** Entries read from one zip; more are reported and skipped (zip bombs list millions). */
  maxZipEntries: number;
  /** A zip inside a zip is read into memory to be opened; larger ones are skipped. */
  maxNestedZipBytes: number;
  /** Files visited below one directory. */
  maxDirectoryFiles: number;
  /** Directory nesting followed while walking. */
  maxDirectoryDepth: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = Object.freeze({
  maxZipEntries: 10_000,
  maxNestedZipBytes: 256 * 1024 * 1024,
  maxDirectoryFiles: 100_000,
  maxDirectoryDepth: 16,
});

type Container = 'zip' | 'gzip' | 'plain';

export function containerOf(head: Buffer): Container {
  if (head.length >= 4 && head.readUInt32LE(0) === 0x04034b50) return 'zip';
  if (head.length >= 4 && head.readUInt32LE(0) === 0x06054b50) return 'zip';
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  return 'plain';
}

async function fileHead(path: string, bytes: number): Promise<Buffer> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(bytes);
    const { bytesRead } = await handle.read(buffer, 0, bytes, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function fileSource(path: string, name: string): InputSource {
  return { name, path, chunks: () => createReadStream(path, { highWaterMark: 1 << 20 }) };
}

function gunzipSource(inner: InputSource, name: string): InputSource {
  return { name, chunks: () => Readable.from(inner.chunks()).pipe(createGunzip()) };
}

/** Expands every path the user gave, in order, depth first and sorted within a directory. */
export async function* expandInputs(
  paths: readonly string[],
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): AsyncIterable<InputItem> {
  for (const path of paths) yield* expandPath(path, path, 0, limits);
}

async function* expandPath(
  path: string,
  name: string,
  depth: number,
  limits: InputLimits,
): AsyncIterable<InputItem> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    yield problemItem(name, 'unreadable-input', (error as Error).message);
    return;
  }
  if (info.isDirectory()) {
    yield* walkDirectory(path, name, depth, limits, { seen: 0 });
    return;
  }
  let head: Buffer;
  try {
    head = await fileHead(path, 4);
  } catch (error) {
    yield problemItem(name, 'unreadable-input', (error as Error).message);
    return;
  }
  const kind = containerOf(head);
  if (kind === 'zip') yield* zipMembers(() => openZipFile(path), name, limits, 0);
  else if (kind === 'gzip')
    yield* classified(gunzipSource(fileSource(path, name), name), limits, 0);
  else yield { kind: 'input', source: fileSource(path, name) };
}

async function* walkDirectory(
  path: string,
  name: string,
  depth: number,
  limits: InputLimits,
  counter: { seen: number },
): AsyncIterable<InputItem> {
  if (depth > limits.maxDirectoryDepth) {
    yield problemItem(name, 'unreadable-input', `directory nesting deeper than ${depth} skipped`);
    return;
  }
  let entries;
  try {
    entries = await readdir(path, { withFileTypes: true });
  } catch (error) {
    yield problemItem(name, 'unreadable-input', (error as Error).message);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    // Hidden files are editor and OS droppings (.DS_Store, .~lock), never exported logs.
    if (entry.name.startsWith('.')) continue;
    const childPath = join(path, entry.name);
    if (entry.isDirectory()) {
      yield* walkDirectory(childPath, childPath, depth + 1, limits, counter);
    } else if (entry.isFile()) {
      counter.seen += 1;
      if (counter.seen > limits.maxDirectoryFiles) {
        yield problemItem(name, 'archive-limit', `more than ${limits.maxDirectoryFiles} files`);
        return;
      }
      yield* expandPath(childPath, childPath, depth + 1, limits);
    }
  }
}

/** A member's content decides whether it is itself a container. */
async function* classified(
  source: InputSource,
  limits: InputLimits,
  nesting: number,
): AsyncIterable<InputItem> {
  let peeked;
  try {
    peeked = await peek(source.chunks(), 4);
  } catch (error) {
    yield problemItem(source.name, 'bad-archive', (error as Error).message);
    return;
  }
  const kind = containerOf(peeked.head);
  const again: InputSource = { name: source.name, chunks: () => peeked.all };
  if (kind === 'plain' || nesting >= 2) {
    yield { kind: 'input', source: again };
  } else if (kind === 'gzip') {
    yield* classified(gunzipSource(again, source.name), limits, nesting + 1);
  } else {
    const buffer = await collect(peeked.all, limits.maxNestedZipBytes).catch(() => undefined);
    if (!buffer) {
      yield problemItem(
        source.name,
        'archive-limit',
        'nested zip larger than the cap or unreadable',
      );
      return;
    }
    yield* zipMembers(() => openZipBuffer(buffer), source.name, limits, nesting + 1);
  }
}

function openZipFile(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: true, strictFileNames: false }, (e, zip) =>
      e || !zip ? reject(e ?? new Error('no zip')) : resolve(zip),
    );
  });
}

function openZipBuffer(buffer: Buffer): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, strictFileNames: false }, (e, zip) =>
      e || !zip ? reject(e ?? new Error('no zip')) : resolve(zip),
    );
  });
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: yauzl.Entry): void => {
      cleanup();
      resolve(entry);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(undefined);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(error);
    };
    const cleanup = (): void => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function entryChunks(zip: yauzl.ZipFile, entry: yauzl.Entry): AsyncIterable<Buffer> {
  return (async function* () {
    const stream = await new Promise<Readable>((resolve, reject) => {
      zip.openReadStream(entry, (e, s) =>
        e || !s ? reject(e ?? new Error('no stream')) : resolve(s),
      );
    });
    yield* stream as AsyncIterable<Buffer>;
  })();
}

async function* zipMembers(
  openZip: () => Promise<yauzl.ZipFile>,
  name: string,
  limits: InputLimits,
  nesting: number,
): AsyncIterable<InputItem> {
  let zip: yauzl.ZipFile;
  try {
    zip = await openZip();
  } catch (error) {
    yield problemItem(name, 'bad-archive', `not a readable zip: ${(error as Error).message}`);
    return;
  }
  let count = 0;
  for (;;) {
    let entry: yauzl.Entry | undefined;
    try {
      entry = await nextEntry(zip);
    } catch (error) {
      yield problemItem(name, 'bad-archive', (error as Error).message, `entry ${count + 1}`);
      break;
    }
    if (!entry) break;
    count += 1;
    if (count > limits.maxZipEntries) {
      yield problemItem(name, 'archive-limit', `more than ${limits.maxZipEntries} entries`);
      zip.close();
      break;
    }
    if (entry.fileName.endsWith('/')) continue;
    const member = `${name}!/${entry.fileName}`;
    if ((entry.generalPurposeBitFlag & 0x1) !== 0) {
      yield problemItem(member, 'bad-archive', 'encrypted zip entry cannot be read');
      continue;
    }
    const current = entry;
    yield* classified({ name: member, chunks: () => entryChunks(zip, current) }, limits, nesting);
  }
}

function problemItem(
  input: string,
  code: Problem['code'],
  message: string,
  location = '',
): InputItem {
  return { kind: 'problem', problem: problem(input, location, code, message) };
}
