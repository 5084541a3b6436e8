/**
 * From what the user named to items: a folder is walked, a message (`.eml`) and each message
 * of an mbox become one item with a header trace, anything else is one file item.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { problem, type Problem } from '../core/problems.js';
import { detectType } from './detect.js';
import { analyzeBytes, analyzeMessage } from './index.js';
import type { AnalyzeOptions, ItemReport } from './types.js';

// A folder of evidence holds a few hundred files; more means the wrong folder was named.
const MAX_FOLDER_FILES = 10_000;
const MAX_FOLDER_DEPTH = 16;
// Mail gateways reject messages over 25-50 MB; a larger input is read only as a file.
const MAX_INPUT_BYTES = 256 * 1024 * 1024;
// "From " at a line start separates mbox messages (RFC 4155).
const MBOX_SEPARATOR = /^From [^\n]{0,1000}\n/gm;

/**
 * Analyses every file below `paths`. An input that cannot be read is added to `problems`
 * and the others go on.
 */
export async function* analyzePaths(
  paths: string[],
  options: AnalyzeOptions,
  problems: Problem[] = [],
): AsyncGenerator<ItemReport> {
  for (const path of paths) {
    try {
      for await (const file of walk(path, 0)) yield* analyzePath(file, options);
    } catch (error) {
      const message = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      problems.push(problem(path, '', 'unreadable-input', `cannot read: ${message}`));
      options.logger.error('input not analysed', { input: path, reason: message });
    }
  }
}

async function* walk(path: string, depth: number): AsyncGenerator<string> {
  const info = await stat(path);
  if (!info.isDirectory()) {
    yield path;
    return;
  }
  if (depth >= MAX_FOLDER_DEPTH) return;
  const entries = (await readdir(path)).sort().slice(0, MAX_FOLDER_FILES);
  for (const entry of entries) yield* walk(join(path, entry), depth + 1);
}

async function* analyzePath(path: string, options: AnalyzeOptions): AsyncGenerator<ItemReport> {
  const info = await stat(path);
  if (info.size > MAX_INPUT_BYTES) {
    options.logger.warn('input too large to analyse', { input: path, bytes: info.size });
    return;
  }
  const bytes = await readFile(path);
  if (bytes.subarray(0, 5).toString('latin1') === 'From ') {
    yield* analyzeMbox(bytes, path, options);
    return;
  }
  const detected = await detectType(bytes, path);
  if (detected.kind === 'eml' || /\.eml$/i.test(path)) {
    yield await analyzeMessage(bytes, path, options);
  } else {
    yield { ...(await analyzeBytes(bytes, basename(path), options)), input: path };
  }
}

async function* analyzeMbox(
  bytes: Buffer,
  path: string,
  options: AnalyzeOptions,
): AsyncGenerator<ItemReport> {
  const text = bytes.toString('latin1');
  const starts = [...text.matchAll(MBOX_SEPARATOR)].map((m) => m.index);
  for (const [i, start] of starts.entries()) {
    const bodyStart = text.indexOf('\n', start) + 1;
    const end = starts[i + 1] ?? text.length;
    // Quoted ">From " lines are unescaped per the mboxrd convention.
    const message = text.slice(bodyStart, end).replace(/^>(>*From )/gm, '$1');
    yield await analyzeMessage(Buffer.from(message, 'latin1'), `${path}#${i + 1}`, options);
  }
}
