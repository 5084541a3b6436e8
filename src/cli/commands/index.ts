/** The registry of CLI verbs. A new verb is one module and one line here. */
import type { CliCommand } from '../program.js';
import { huntCommand } from './hunt.js';
import { rulesCommand } from './rules.js';

export const commands: CliCommand[] = [rulesCommand, huntCommand];
