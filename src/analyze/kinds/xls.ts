/**
 * Excel 4.0 (XLM) macros in legacy workbooks (MS-XLS): macro sheets listed in BOUNDSHEET
 * records, often hidden or "very hidden", and an Auto_Open defined name that runs them on
 * open. XLM macros need no VBA project, so VBA-only scanners miss them.
 */
import type { FileContext } from '../context.js';

const BOUNDSHEET = 0x0085;
const NAME = 0x0018;
const FILEPASS = 0x002f;
const EOF_RECORD = 0x000a;
// A workbook globals substream holds hundreds of records; the cap bounds a crafted stream.
const MAX_RECORDS = 100_000;
const SHEET_STATES = ['visible', 'hidden', 'very hidden'];
// Built-in name codes (MS-XLS 2.5.114 Lbl): 0x01 is Auto_Open.
const BUILTIN_AUTO_OPEN = 0x01;

interface Sheet {
  name: string;
  state: string;
  macro: boolean;
}

export function reportXlm(workbook: Buffer, ctx: FileContext): void {
  const sheets: Sheet[] = [];
  let autoOpen = false;
  let at = 0;
  for (let i = 0; i < MAX_RECORDS && at + 4 <= workbook.length; i++) {
    const type = workbook.readUInt16LE(at);
    const length = workbook.readUInt16LE(at + 2);
    const data = workbook.subarray(at + 4, at + 4 + length);
    at += 4 + length;
    if (type === FILEPASS) {
      ctx.add({ id: 'office-encrypted', severity: 'medium', summary: 'workbook is encrypted' });
      return;
    }
    if (type === BOUNDSHEET && data.length >= 8) sheets.push(boundSheet(data));
    if (type === NAME && data.length >= 16) {
      const builtin = (data.readUInt16LE(0) & 0x20) !== 0;
      if (builtin && data[15] === BUILTIN_AUTO_OPEN) autoOpen = true;
    }
    // The globals substream ends at the first EOF; sheet substreams follow.
    if (type === EOF_RECORD) break;
  }
  const macroSheets = sheets.filter((s) => s.macro);
  if (macroSheets.length === 0) return;
  ctx.add({
    id: 'xls-xlm-macrosheet',
    severity: autoOpen ? 'critical' : 'high',
    summary:
      `Excel 4.0 macro sheets ${macroSheets.map((s) => `"${s.name}" (${s.state})`).join(', ')}` +
      (autoOpen ? ' run on open through Auto_Open' : ''),
  });
}

function boundSheet(data: Buffer): Sheet {
  const state = SHEET_STATES[data[4]! & 0x03] ?? 'unknown';
  const macro = data[5] === 0x01;
  const length = data[6]!;
  const wide = (data[7]! & 0x01) !== 0;
  const name = wide
    ? data.toString('utf16le', 8, 8 + length * 2)
    : data.toString('latin1', 8, 8 + length);
  return { name, state, macro };
}
