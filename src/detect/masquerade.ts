/**
 * Names built to make a user misjudge a file: a decoy extension before the real one
 * (`invoice.pdf.exe`), a right-to-left override that reverses the tail of the name, characters
 * that render as nothing, and runs of spaces that push the real extension out of view.
 * Every check is a single pass over a capped name: no regular expression can backtrack here.
 */
import { DANGEROUS_FINAL_TYPES, DECOY_TYPES } from './vocabulary.js';
import { baseName } from '../normalise/meta.js';

/** NTFS caps a name at 255 UTF-16 units; a longer one is not a file name. */
const MAX_NAME = 1024;

export type MasqueradeKind = 'double-extension' | 'rtlo' | 'invisible-characters' | 'space-padding';

export interface MasqueradeFinding {
  kind: MasqueradeKind;
  summary: string;
}

/** Right-to-left override, and its UTF-8 bytes read as Windows-1252 (seen in mail headers). */
const RTLO = '\u202e';
const RTLO_MOJIBAKE = '\u00e2\u20ac\u00ae';

function isInvisible(code: number): boolean {
  return (
    (code >= 0x200b && code <= 0x200f) ||
    (code >= 0x202a && code <= 0x202d) ||
    (code >= 0x2060 && code <= 0x2064) ||
    (code >= 0x2066 && code <= 0x2069) ||
    code === 0xfeff ||
    code === 0x034f ||
    code === 0x00ad ||
    code === 0x180e ||
    code === 0x115f ||
    code === 0x1160 ||
    code === 0x3164 ||
    code === 0xffa0
  );
}

export function masquerading(pathOrName: string): MasqueradeFinding[] {
  const name = baseName(pathOrName).slice(0, MAX_NAME);
  const findings: MasqueradeFinding[] = [];

  if (name.includes(RTLO) || name.includes(RTLO_MOJIBAKE)) {
    findings.push({
      kind: 'rtlo',
      summary:
        'name contains a right-to-left override that reverses how it displays: ' +
        JSON.stringify(name),
    });
  }

  const invisible: string[] = [];
  for (const ch of name) {
    const code = ch.codePointAt(0) ?? 0;
    if (code !== 0x202e && isInvisible(code))
      invisible.push(`U+${code.toString(16).toUpperCase().padStart(4, '0')}`);
  }
  if (invisible.length > 0) {
    findings.push({
      kind: 'invisible-characters',
      summary: `name hides invisible characters (${[...new Set(invisible)].join(', ')})`,
    });
  }

  const lastDot = name.lastIndexOf('.');
  if (lastDot > 0) {
    const finalExt = name
      .slice(lastDot + 1)
      .toLowerCase()
      .trim();
    let spaces = 0;
    for (let i = lastDot - 1; i >= 0 && /\s/.test(name[i] ?? ''); i -= 1) spaces += 1;
    if (spaces >= 3) {
      findings.push({
        kind: 'space-padding',
        summary: `${spaces} spaces push the real extension .${finalExt} out of view`,
      });
    }
    const stem = name.slice(0, lastDot).trimEnd();
    const prevDot = stem.lastIndexOf('.');
    const decoy = prevDot > 0 ? stem.slice(prevDot + 1).toLowerCase() : '';
    if (DECOY_TYPES.has(decoy) && DANGEROUS_FINAL_TYPES.has(finalExt) && decoy !== finalExt) {
      findings.push({
        kind: 'double-extension',
        summary: `double extension: looks like .${decoy} but is .${finalExt}`,
      });
    }
  }
  return findings;
}
