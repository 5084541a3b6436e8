/**
 * What a normaliser returns for one record: an event, or the reason the record cannot be one.
 * Readers turn a failure into a `Problem` with the input and location they know.
 */
import type { ProblemCode } from '../core/problems.js';
import type { LwEvent } from '../model/event.js';

export type Outcome =
  | { ok: true; event: LwEvent }
  | { ok: false; code: ProblemCode; message: string }
  /** A well-formed record that carries nothing Lurewatch models (a Zeek `x509` line). */
  | { ok: false; code: 'skipped'; message: string };

export function ok(event: LwEvent): Outcome {
  return { ok: true, event };
}

export function fail(code: ProblemCode, message: string): Outcome {
  return { ok: false, code, message };
}

export function skip(message: string): Outcome {
  return { ok: false, code: 'skipped', message };
}

/** Where a record sits, for the event's `lurewatch` block. */
export interface RecordPlace {
  input: string;
  location: string;
}
