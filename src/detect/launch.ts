/**
 * Which file did the user open? For a process start this is the program itself when it lives
 * in a user folder, or the document or script named on the command line of the program that
 * opened it (`wscript.exe C:\Users\a\Downloads\x.js`, `WINWORD.EXE /n "...\invoice.doc"`).
 */
import type { LwEvent } from '../model/event.js';
import {
  ALWAYS_UNUSUAL_TYPES,
  DOCUMENT_TYPES,
  EXECUTABLE_TYPES,
  FILE_HOSTS,
  OFFICE,
  PDF_READERS,
  USER_FACING,
  extensionOf,
  isArchiveExtraction,
  isDeliveryFolder,
  isUserWritable,
  processName,
} from './vocabulary.js';

/** Command lines are capped by Windows at 32,767 characters; anything longer is not real. */
const MAX_COMMAND_LINE = 32_768;
const MAX_ARGUMENTS = 64;

/** Splits a Windows command line the way most programs do: spaces, and double quotes. */
export function commandLineArguments(commandLine: string): string[] {
  const text = commandLine.slice(0, MAX_COMMAND_LINE);
  const args: string[] = [];
  let current = '';
  let quoted = false;
  let started = false;
  for (const ch of text) {
    if (ch === '"') {
      quoted = !quoted;
      started = true;
    } else if ((ch === ' ' || ch === '\t') && !quoted) {
      if (started) args.push(current);
      current = '';
      started = false;
      if (args.length >= MAX_ARGUMENTS) return args;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started) args.push(current);
  return args;
}

export interface LaunchTarget {
  /** The file the user opened. */
  path: string;
  /** `direct` when the file is the program that ran, `opened` when a host opened it. */
  how: 'direct' | 'opened';
  /** The program that opened it (for `opened`). */
  host?: string;
}

/** A path-looking argument of a host program, with rundll32's `,Entry` suffix removed. */
function openedFile(commandLine: string): string | undefined {
  const args = commandLineArguments(commandLine).slice(1);
  for (const raw of args) {
    const arg = raw.split(',')[0] ?? raw;
    if (arg.startsWith('/') || arg.startsWith('-')) continue;
    if (!arg.includes('\\') && !arg.includes('/')) continue;
    const ext = extensionOf(arg);
    if (ext && (EXECUTABLE_TYPES.has(ext) || DOCUMENT_TYPES.has(ext) || ext === 'dll')) return arg;
  }
  return undefined;
}

/**
 * The user-opened file behind a process start, or undefined when the start is not a user
 * opening a file (a service, an updater, a program from Program Files started by the shell).
 */
export function launchTarget(event: LwEvent): LaunchTarget | undefined {
  const process = event.process;
  if (!process?.executable || !event.event.type.includes('start')) return undefined;
  const parent = processName(process.parent?.executable);
  const name = processName(process.executable);

  // The program itself was delivered: it runs from a user folder and a person started it.
  const ext = extensionOf(process.executable);
  if (ext && EXECUTABLE_TYPES.has(ext) && isUserWritable(process.executable)) {
    // A program inside an archive-extraction folder was opened out of an archive, whoever
    // started it (Explorer, or a script that unpacked it as the ZipFolder trick does).
    if (USER_FACING.has(parent) || isArchiveExtraction(process.executable)) {
      return { path: process.executable, how: 'direct' };
    }
  }

  // A host program opened a delivered document or script.
  if (!FILE_HOSTS.has(name) || !process.command_line) return undefined;
  const opened = openedFile(process.command_line);
  if (!opened) return undefined;
  const openedExt = extensionOf(opened) ?? '';
  const isDocumentHost = OFFICE.has(name) || PDF_READERS.has(name);
  if (isDocumentHost) {
    // Opening documents is what Office is for; only delivered ones are worth an incident.
    if (!isDeliveryFolder(opened)) return undefined;
  } else if (!ALWAYS_UNUSUAL_TYPES.has(openedExt) && !isUserWritable(opened)) {
    return undefined;
  }
  // Services and scheduled tasks open files too; only a person's programs make it user execution.
  if (!USER_FACING.has(parent)) return undefined;
  return { path: opened, how: 'opened', host: process.executable };
}
