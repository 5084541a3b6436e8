/** The malicious chains, one per way T1204.002 lures are delivered and opened. */
import {
  blockedLure,
  campaignZip,
  doubleExtensionExe,
  passwordZip,
  rtloScreensaver,
} from './programs.js';
import { htmlSmuggling, isoShortcut, officeMacro, oneNoteScript } from './scripts.js';
import type { Variant } from './types.js';

export const MALICIOUS: readonly Variant[] = [
  doubleExtensionExe,
  officeMacro,
  isoShortcut,
  htmlSmuggling,
  passwordZip,
  rtloScreensaver,
  oneNoteScript,
  blockedLure,
  campaignZip,
];
