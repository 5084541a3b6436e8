#!/usr/bin/env node
/**
 * The entry point: the only place that touches process streams and exit codes.
 */
import { CommanderError } from 'commander';
import { CliExit, processIO } from './io.js';
import { buildProgram } from './program.js';

async function main(): Promise<number> {
  const io = processIO();
  const program = buildProgram(io);
  try {
    await program.parseAsync(process.argv);
    return process.exitCode === undefined ? 0 : Number(process.exitCode);
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof CliExit) {
      if (error.message) io.stderr(`lurewatch: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`lurewatch: ${(error as Error).stack ?? String(error)}\n`);
    return 70;
  }
}

// A reader that stops early (`lurewatch dump x.evtx | head`) closes the pipe: that ends the
// run, it is not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(0);
});

process.exitCode = await main();
