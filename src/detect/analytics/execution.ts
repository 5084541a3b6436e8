/**
 * Analytics over process starts: a user running an unusual file type, and Office, mail, PDF
 * readers or browsers starting a shell, script host or download tool.
 */
import { launchTarget } from '../launch.js';
import {
  BROWSERS,
  LOLBINS,
  MAIL_CLIENTS,
  OFFICE,
  PDF_READERS,
  SHELLS,
  extensionOf,
  processName,
} from '../vocabulary.js';
import type { EventAnalytic } from './types.js';

export const unusualFileExecuted: EventAnalytic = {
  id: 'unusual-file-executed',
  title: 'Unusual file type executed by a user',
  explanation:
    'A person opened a program, script, shortcut, disk image or document from a folder that ' +
    'downloads and attachments land in; this is how T1204.002 begins.',
  attack: ['T1204.002'],
  evaluate(event) {
    const target = launchTarget(event);
    if (!target) return [];
    const ext = extensionOf(target.path) ?? 'unknown';
    const how =
      target.how === 'direct'
        ? `${processName(event.process?.parent?.executable) || 'a user program'} started it`
        : `${processName(target.host)} opened it`;
    return [
      {
        analytic: this.id,
        eventId: event.lurewatch.id,
        subject: target.path.toLowerCase(),
        summary: `.${ext} file ${target.path} executed (${how})`,
      },
    ];
  },
};

const SPAWNERS = new Set([...OFFICE, ...MAIL_CLIENTS, ...PDF_READERS, ...BROWSERS]);
const SPAWNED = new Set([...SHELLS, ...LOLBINS]);

export const officeSpawnsShell: EventAnalytic = {
  id: 'office-spawns-shell',
  title: 'Office, mail, PDF reader or browser started a shell or script host',
  explanation:
    'Documents and web pages do not need a command line; a macro or exploit that starts one is ' +
    "running code on the user's behalf.",
  attack: ['T1204.002', 'T1059'],
  evaluate(event) {
    if (!event.event.type.includes('start')) return [];
    const parent = processName(event.process?.parent?.executable);
    const child = processName(event.process?.executable);
    if (!SPAWNERS.has(parent) || !SPAWNED.has(child)) return [];
    const commandLine = (event.process?.command_line ?? child).slice(0, 300);
    return [
      {
        analytic: this.id,
        eventId: event.lurewatch.id,
        summary: `${parent} started ${child}: ${commandLine}`,
      },
    ];
  },
};
