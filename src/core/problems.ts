/**
 * Problems are data: every defect found in an input becomes one of these, is counted, and the
 * run goes on. Message text is for people; `code` is what programs and tests match on.
 */

/** Stable problem codes. Add new ones here so that the set stays greppable and documented. */
export const PROBLEM_CODES = {
  'unreadable-input': 'the input could not be opened or read',
  'unknown-format': 'no reader recognised the content',
  'bad-archive': 'a zip or gzip container is damaged or truncated',
  'archive-limit': 'a container held more entries or bytes than Lurewatch accepts',
  'bad-json': 'a record is not valid JSON',
  'record-too-large': 'a line or record is longer than the cap',
  'missing-timestamp': 'a record has no usable timestamp',
  'bad-timestamp': 'a record carries a timestamp that cannot be parsed',
  'bad-record': 'a record does not have the shape its format requires',
  'bad-mime': 'an email or one of its MIME parts is malformed',
  'bad-header': 'a log header line is malformed',
  'bad-evtx': 'an EVTX structure is damaged',
  'unsupported-pattern': 'an intel pattern uses a feature Lurewatch does not evaluate',
  'lookup-failed': 'a live intel look-up failed (quota, network or server error)',
} as const;

export type ProblemCode = keyof typeof PROBLEM_CODES;

export interface Problem {
  /** The input as the user named it, with `!/` separating a container from its member. */
  input: string;
  /** Where in the input: `line 12`, `record 4`, `offset 0x1f00`, `part 2`. */
  location: string;
  code: ProblemCode;
  message: string;
}

export function problem(
  input: string,
  location: string,
  code: ProblemCode,
  message: string,
): Problem {
  return { input, location, code, message };
}

export function formatProblem(p: Problem): string {
  return `${p.input}${p.location ? ` (${p.location})` : ''}: ${p.code}: ${p.message}`;
}

/** An error that carries a problem, for the places where a stream must stop (`--strict`). */
export class LurewatchError extends Error {
  constructor(
    readonly problem: Problem,
    options?: { cause?: unknown },
  ) {
    super(formatProblem(problem), options);
    this.name = 'LurewatchError';
  }
}
