/** A `CliIO` that keeps what commands write, for running verbs in tests without a terminal. */
import type { CliIO } from '../cli/io.js';
import { PROJECT_ROOT } from './data.js';

export type CapturedIO = CliIO & { out: string[]; err: string[] };

export function captureIO(env: Record<string, string> = {}): CapturedIO {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    stdout: (text) => void out.push(text),
    stderr: (text) => void err.push(text),
    interactive: false,
    stdoutIsTerminal: false,
    columns: 120,
    env,
    cwd: PROJECT_ROOT,
  };
}
