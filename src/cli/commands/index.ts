/** The registry of CLI verbs. A new verb is one module and one line here. */
import type { CliCommand } from '../program.js';
import { analyzeCommand } from './analyze.js';
import { dumpCommand } from './dump.js';
import { investigateCommand } from './investigate.js';
import { sourcesCommand } from './sources.js';

export const commands: CliCommand[] = [
  investigateCommand,
  analyzeCommand,
  dumpCommand,
  sourcesCommand,
];
