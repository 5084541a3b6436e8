/**
 * Runs `investigate` over a folder in a child process, so that each measurement has its own
 * peak memory, and reports events, wall time and the child's peak resident set.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface Measurement {
  events: number;
  incidents: number;
  escalated: number;
  elapsedMs: number;
  /** User and system CPU time of the child. */
  cpuMs: number;
  peakRssMb: number;
  /** Where the child wrote incidents.json. */
  out: string;
}

const CHILD = fileURLToPath(new URL('./investigate-child.js', import.meta.url));

export function measureInvestigate(inputs: string, out: string): Measurement {
  const text = execFileSync(process.execPath, [CHILD, inputs, out], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(text) as Measurement;
}
