/**
 * RTF documents: embedded OLE objects (`\objdata`, hex-encoded OLE1 objects that carry
 * packages, compound files and Equation Editor exploits), links that update on open, and
 * remote templates.
 */
import { ByteReader } from '../bytes.js';
import type { FileContext } from '../context.js';
import { registerAnalyzer } from '../registry.js';
import { parseOle10Native } from './ole-native.js';

// Lures carry one or two objects; a document with hundreds is built to exhaust scanners.
const MAX_OBJECTS = 64;
const MAX_OBJECT_HEX_CHARS = 64 * 1024 * 1024;

interface OleObject {
  className: string;
  data: Buffer;
}

registerAnalyzer({
  kinds: ['rtf'],
  async analyze(bytes, ctx) {
    const text = bytes.toString('latin1');
    if (/\\objupdate/.test(text)) {
      ctx.add({
        id: 'rtf-object-autoupdate',
        severity: 'high',
        summary: 'an embedded object updates itself when the document opens (\\objupdate)',
      });
    }
    const template = /\{\\\*\\template\s+([^}]{1,2048})\}/.exec(text)?.[1];
    if (template && /^(?:https?:|\\\\)/i.test(template.trim())) {
      ctx.indicators.addText(template);
      ctx.add({
        id: 'rtf-remote-template',
        severity: 'high',
        summary: `loads template ${template.trim()}`,
      });
    }
    let index = 0;
    for (const match of text.matchAll(/\\objdata\b/g)) {
      if (index >= MAX_OBJECTS) break;
      index += 1;
      const end = text.indexOf('}', match.index);
      const hex = text
        .slice(match.index + 8, end < 0 ? undefined : end)
        .replace(/[^0-9a-fA-F]/g, '');
      const raw = Buffer.from(hex.slice(0, MAX_OBJECT_HEX_CHARS - (hex.length % 2)), 'hex');
      await reportObject(parseOle1(raw), index, ctx);
    }
    ctx.indicators.addText(text);
  },
});

/** An OLE1 ObjectHeader (MS-OLEDS 2.2.4) followed by the object's native data. */
function parseOle1(raw: Buffer): OleObject {
  const r = new ByteReader(raw);
  let at = 8; // OLEVersion, FormatID
  const lengthPrefixed = (field: string): string => {
    const length = r.u32(at, `${field} length`);
    const value = r.cString(at + 4, Math.min(length, 1024), field);
    at += 4 + length;
    return value;
  };
  const className = lengthPrefixed('ClassName');
  lengthPrefixed('TopicName');
  lengthPrefixed('ItemName');
  const size = r.u32(at, 'NativeDataSize');
  return { className, data: raw.subarray(at + 4, at + 4 + size) };
}

async function reportObject(object: OleObject, index: number, ctx: FileContext): Promise<void> {
  const className = object.className;
  if (/^Equation\.3|^Microsoft Equation/i.test(className)) {
    ctx.add({
      id: 'ole-equation-editor',
      severity: 'critical',
      summary: `object ${index} is an Equation Editor object (CVE-2017-11882 and CVE-2018-0802)`,
    });
  }
  if (/^Package$/i.test(className)) {
    const pkg = parseOle10Native(object.data, false);
    ctx.add({
      id: 'ole-embedded-package',
      severity: 'high',
      summary: `object ${index} packages ${JSON.stringify(pkg.label)} (${pkg.sourcePath})`,
    });
    if (ctx.reserve(pkg.data.length)) await ctx.child(pkg.label || `object-${index}`, pkg.data);
    return;
  }
  ctx.add({
    id: 'rtf-embedded-object',
    severity: 'medium',
    summary: `object ${index} of class ${className}`,
  });
  if (object.data.length > 0 && ctx.reserve(object.data.length)) {
    await ctx.child(`object-${index}.${className.replace(/[^\w.-]/g, '_')}`, object.data);
  }
}
