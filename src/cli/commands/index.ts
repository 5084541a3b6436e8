/** The registry of CLI verbs. A new verb is one module and one line here. */
import type { CliCommand } from '../program.js';
import { analyzeCommand } from './analyze.js';
import { dumpCommand } from './dump.js';
import { exportCommand } from './export.js';
import { huntCommand } from './hunt.js';
import { intelCommand } from './intel.js';
import { investigateCommand } from './investigate.js';
import { rulesCommand } from './rules.js';
import { scoreCommand } from './score.js';
import { simulateCommand } from './simulate.js';
import { sourcesCommand } from './sources.js';

export const commands: CliCommand[] = [
  investigateCommand,
  huntCommand,
  rulesCommand,
  analyzeCommand,
  intelCommand,
  exportCommand,
  simulateCommand,
  scoreCommand,
  dumpCommand,
  sourcesCommand,
];
