/**
 * Small constructors shared by the format readers, so that every reader reports problems and
 * over-long lines the same way.
 */
import { problem, type ProblemCode } from '../../core/problems.js';
import type { Outcome } from '../../normalise/outcome.js';
import type { LineItem } from '../chunks.js';
import { SNIFF_BYTES, type ReadItem } from '../types.js';

export function problemItem(
  input: string,
  location: string,
  code: ProblemCode,
  message: string,
): ReadItem {
  return { kind: 'problem', problem: problem(input, location, code, message) };
}

export function tooLongItem(
  input: string,
  line: Extract<LineItem, { kind: 'too-long' }>,
): ReadItem {
  return problemItem(
    input,
    `line ${line.number}`,
    'record-too-large',
    `line of ${line.bytes} bytes is longer than the cap`,
  );
}

/** An outcome as a read item; records skipped on purpose yield nothing. */
export function outcomeItem(
  outcome: Outcome,
  input: string,
  location: string,
): ReadItem | undefined {
  if (outcome.ok) return { kind: 'event', event: outcome.event };
  if (outcome.code === 'skipped') return undefined;
  return problemItem(input, location, outcome.code, outcome.message);
}

/** The first non-empty lines of a sniff sample, the last (possibly cut) line left out. */
export function headLines(head: Buffer, max: number): string[] {
  const text = head.toString('utf8');
  const cut = head.length >= SNIFF_BYTES ? text.lastIndexOf('\n') : text.length;
  const lines: string[] = [];
  for (const line of text.slice(0, cut === -1 ? text.length : cut).split('\n')) {
    if (lines.length >= max) break;
    const trimmed = line.replace(/\r$/, '');
    if (trimmed.trim().length > 0) lines.push(trimmed);
  }
  return lines;
}
