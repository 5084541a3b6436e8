/** The registry of CLI verbs. A new verb is one module and one line here. */
import type { CliCommand } from '../program.js';
import { investigateCommand } from './investigate.js';
import { scoreCommand } from './score.js';
import { simulateCommand } from './simulate.js';

export const commands: CliCommand[] = [investigateCommand, simulateCommand, scoreCommand];
