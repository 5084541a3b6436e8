/** The registry of CLI verbs. A new verb is one module and one line here. */
import type { CliCommand } from '../program.js';
import { exportCommand } from './export.js';
import { intelCommand } from './intel.js';
import { investigateCommand } from './investigate.js';

export const commands: CliCommand[] = [investigateCommand, intelCommand, exportCommand];
