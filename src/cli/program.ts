/**
 * Builds the `lurewatch` command from the registry of verbs. Each verb lives in its own module
 * under `commands/` and adds itself here; the program has no knowledge of what they do.
 */
import { Command } from 'commander';
import type { CliIO } from './io.js';
import { commands } from './commands/index.js';

export interface CliCommand {
  name: string;
  register(program: Command, io: CliIO): void;
}

export function buildProgram(io: CliIO): Command {
  const program = new Command('lurewatch')
    .description(
      'Investigate user execution of malicious files (MITRE ATT&CK T1204.002) from exported logs',
    )
    .version('0.1.0')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError()
    .exitOverride();
  for (const command of commands) command.register(program, io);
  return program;
}
