/**
 * Analytics over file names and file writes: masquerading names wherever a name appears
 * (a process, a written file, an attachment), and files that a browser, mail client, Office or
 * an archive tool writes into a user folder.
 */
import type { LwEvent } from '../../model/event.js';
import { masquerading } from '../masquerade.js';
import {
  ARCHIVERS,
  BROWSERS,
  EXECUTABLE_TYPES,
  MAIL_CLIENTS,
  OFFICE,
  extensionOf,
  isUserWritable,
  processName,
} from '../vocabulary.js';
import type { EventAnalytic, Signal } from './types.js';

function namesIn(event: LwEvent): string[] {
  const names: string[] = [];
  if (event.event.type.includes('start') && event.process?.executable) {
    names.push(event.process.executable);
  }
  if (event.file?.path) names.push(event.file.path);
  for (const attachment of event.email?.attachments ?? []) {
    if (attachment.file.name) names.push(attachment.file.name);
  }
  return names;
}

export const masqueradingName: EventAnalytic = {
  id: 'masquerading-name',
  title: 'Masquerading file name',
  explanation:
    'Double extensions, right-to-left overrides, invisible characters and padding spaces exist ' +
    'to make a program look like a document.',
  attack: ['T1036.007', 'T1036.002', 'T1204.002'],
  evaluate(event) {
    const signals: Signal[] = [];
    for (const name of namesIn(event)) {
      for (const finding of masquerading(name)) {
        signals.push({
          analytic: this.id,
          eventId: event.lurewatch.id,
          subject: name.toLowerCase(),
          summary: finding.summary,
        });
      }
    }
    return signals;
  },
};

const DELIVERING_WRITERS = new Set([...BROWSERS, ...MAIL_CLIENTS, ...OFFICE, ...ARCHIVERS]);

export const deliveredFileWritten: EventAnalytic = {
  id: 'delivered-file-written',
  title: 'Executable content written to a user folder',
  explanation:
    'A browser, mail client, Office or an archive tool saved a file that runs code into a ' +
    'folder the user can open it from.',
  attack: ['T1204.002', 'T1105'],
  evaluate(event) {
    const path = event.file?.path;
    if (!path || !event.event.category.includes('file')) return [];
    if (!event.event.type.includes('creation') && !event.event.type.includes('change')) return [];
    const ext = extensionOf(path);
    if (!ext || !EXECUTABLE_TYPES.has(ext) || !isUserWritable(path)) return [];
    const writer = processName(event.process?.executable);
    // FIM sees no writer; a new executable in a user folder is still worth a signal.
    if (writer && !DELIVERING_WRITERS.has(writer)) return [];
    return [
      {
        analytic: this.id,
        eventId: event.lurewatch.id,
        subject: path.toLowerCase(),
        summary: `${writer || 'file integrity monitoring'} wrote ${path}`,
      },
    ];
  },
};
