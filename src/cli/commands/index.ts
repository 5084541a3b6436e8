/** The registry of CLI verbs. A new verb is one module and one line here. */
import type { CliCommand } from '../program.js';
import { investigateCommand } from './investigate.js';
import { sourcesCommand } from './sources.js';

export const commands: CliCommand[] = [investigateCommand, sourcesCommand];
