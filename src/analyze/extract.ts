/**
 * `--extract DIR`: writes each analysed file below DIR, never with an execute bit and never
 * outside DIR. Names come from hostile archives, so every path component is reduced to safe
 * characters and a name that climbs (`..`, absolute, drive letters) is refused and reported.
 */
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, relative, resolve } from 'node:path';
import type { FileReport } from './types.js';

// Owner read-write only: an extracted sample must not run when double-clicked or listed by
// another account.
const FILE_MODE = 0o600;
const DIRECTORY_MODE = 0o700;

export function extractor(root: string): (report: FileReport, bytes: Buffer) => Promise<void> {
  const base = resolve(root);
  return async (report, bytes) => {
    if (climbs(report.path)) {
      report.findings.push({
        id: 'extract-refused',
        severity: 'high',
        summary: `not extracted: the path ${JSON.stringify(report.path)} leaves the folder`,
      });
      return;
    }
    const parts = report.path.split('/').map(safeComponent);
    // `.bin` keeps a sample from opening in its handler by a double-click, and lets a
    // container (`a.zip.bin`) sit beside the folder of its members (`a.zip/`).
    const target = `${resolve(base, ...parts)}.bin`;
    const inside = relative(base, target);
    if (inside.startsWith('..') || isAbsolute(inside)) return;
    await mkdir(dirname(target), { recursive: true, mode: DIRECTORY_MODE });
    await writeFile(target, bytes, { mode: FILE_MODE });
    // `mode` applies only to new files; a file left by an earlier run is tightened too.
    await chmod(target, FILE_MODE);
  };
}

/** True for a name that would leave its folder: `..` components, absolute or drive paths. */
export function climbs(path: string): boolean {
  const normal = path.replace(/\\/g, '/');
  return normal.startsWith('/') || normal.split('/').some((p) => p === '..' || /^[a-z]:/i.test(p));
}

function safeComponent(part: string): string {
  const safe = part
    // Letters, digits and punctuation with no meaning to a shell or a file system.
    .replace(/[^\p{L}\p{N} ._()+,=@~-]/gu, '_')
    .replace(/^\.+/, '_')
    .slice(0, 120);
  return safe || '_';
}
