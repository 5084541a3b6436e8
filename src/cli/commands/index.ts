/** The registry of CLI verbs. A new verb is one module and one line here. */
import type { CliCommand } from '../program.js';
import { dumpCommand } from './dump.js';

export const commands: CliCommand[] = [dumpCommand];
