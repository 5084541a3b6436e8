/** What a planted chain is given and what it reports back for the ground truth. */
import type { Session } from '../habits.js';
import type { Rng } from '../prng.js';
import type { Workstation } from '../telemetry.js';
import type { Expected } from '../truth.js';
import type { Actor } from './steps.js';

export interface PlantContext {
  ws: Workstation;
  session: Session;
  /** When the lure arrives. */
  t: number;
  rng: Rng;
  actor: Actor;
  /** A number that varies the lure's names. */
  n: number;
  /** For a campaign: the shared attachment, and whether this recipient opens it. */
  shared?: SharedLure & { opens: boolean };
}

export interface Planted {
  file: string;
  paths: string[];
  delivery: 'email' | 'web' | 'local';
  executed: boolean;
  beaconed: boolean;
  expected: Expected;
}

export interface Variant {
  name: string;
  malicious: boolean;
  summary: string;
  plant(ctx: PlantContext): Planted;
}

export interface SharedLure {
  name: string;
  data: Buffer;
  subject: string;
  /** The program inside the zip. */
  member: Buffer;
}
