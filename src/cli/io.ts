/**
 * What a command may touch of the outside world, passed in so that commands run in tests
 * without a terminal. Results go to `stdout`; logs, warnings and progress go to `stderr`.
 */
import { streamLogger, type Logger, type LogLevel } from '../core/logger.js';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** True when stderr is a terminal: progress lines are drawn only then. */
  interactive: boolean;
  /** True when stdout is a terminal: the summary table is coloured only then. */
  stdoutIsTerminal: boolean;
  /** Width of the terminal stdout writes to, or a default for pipes. */
  columns: number;
  env: NodeJS.ProcessEnv;
  cwd: string;
  /**
   * Resolves once stdout has taken what was written, so that a command writing a lot to a
   * slow reader holds no more than a buffer's worth in memory. Absent where writes are sync.
   */
  drained?: () => Promise<void>;
}

export function processIO(): CliIO {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    interactive: Boolean(process.stderr.isTTY),
    stdoutIsTerminal: Boolean(process.stdout.isTTY),
    columns: process.stdout.columns ?? 120,
    env: process.env,
    cwd: process.cwd(),
    drained: () =>
      process.stdout.writableNeedDrain
        ? new Promise((resolve) => process.stdout.once('drain', () => resolve()))
        : Promise.resolve(),
  };
}

export interface LogOptions {
  quiet?: boolean;
  verbose?: boolean;
}

export function loggerFor(io: CliIO, options: LogOptions): Logger {
  const level: LogLevel = options.quiet ? 'error' : options.verbose ? 'debug' : 'info';
  return streamLogger(io.stderr, level);
}

/** Thrown by commands to end with a message and an exit code, without a stack trace. */
export class CliExit extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliExit';
  }
}
