/**
 * What a container delivers: a program or script inside an archive or disk image is the
 * T1204.002 pattern itself, since the user has to open the container and run what is inside.
 */
import { extensionOf } from '../detect.js';
import { RISKY_EXTENSIONS } from '../names.js';
import type { FileContext } from '../context.js';

const RUNNABLE_KINDS = new Set(['pe', 'elf', 'macho', 'script', 'lnk', 'onenote', 'msi']);

/** Adds one finding per runnable member among the children this container produced. */
export function payloadFindings(ctx: FileContext, container: string): void {
  for (const child of ctx.report.children) {
    const ext = extensionOf(child.name);
    const runnable = RUNNABLE_KINDS.has(child.detectedType);
    if (!runnable && !RISKY_EXTENSIONS.has(ext)) continue;
    const what = runnable ? child.detectedType : `.${ext} file`;
    ctx.add({
      id: 'container-delivers-executable',
      severity: child.detectedType === 'pe' || child.detectedType === 'lnk' ? 'critical' : 'high',
      summary: `${container} delivers ${what} ${JSON.stringify(child.name)}`,
    });
  }
}

/** The same judgement for members that are listed but cannot be unpacked. */
export function listedPayloadFindings(ctx: FileContext, container: string, names: string[]): void {
  for (const name of names) {
    const ext = extensionOf(name);
    if (!RISKY_EXTENSIONS.has(ext)) continue;
    ctx.add({
      id: 'container-delivers-executable',
      severity: 'high',
      summary: `${container} lists a .${ext} file ${JSON.stringify(name)}`,
    });
  }
}
