/**
 * Office Open XML documents (docx, xlsm, pptx...): macro projects (`vbaProject.bin`),
 * Excel 4.0 macro sheets, remote templates and other external relationships (template
 * injection), DDE fields, and embedded objects. The parts of note become children; the XML
 * itself is read only to look for these.
 */
import type { FileContext } from '../context.js';
import { registerAnalyzer } from '../registry.js';
import { openZip, type ZipArchive, type ZipEntry } from './zip-reader.js';

// Office writes parts of a few MiB; a larger XML part is padding meant to tire scanners.
const MAX_XML_BYTES = 32 * 1024 * 1024;
const RELATIONSHIP = /<Relationship\b[^>]{0,4096}>/g;
const DDE = /\bDDE(?:AUTO)?\b/;
const EMBEDDED = /(?:^|\/)(?:vbaProject\.bin|activeX\/[^/]{1,200}\.bin|embeddings\/[^/]{1,200})$/i;

registerAnalyzer({
  kinds: ['ooxml'],
  async analyze(bytes, ctx) {
    const zip = await openZip(bytes);
    for (const entry of zip.entries) {
      if (entry.isDirectory || entry.encrypted) continue;
      if (entry.name.endsWith('.rels')) await relationships(zip, entry, ctx);
      else if (/\.xml$/i.test(entry.name)) await xmlPart(zip, entry, ctx);
      else if (EMBEDDED.test(entry.name)) await embedded(zip, entry, ctx);
    }
  },
});

async function readPart(
  zip: ZipArchive,
  entry: ZipEntry,
  ctx: FileContext,
): Promise<Buffer | undefined> {
  if (entry.uncompressedSize > MAX_XML_BYTES) return undefined;
  if (!ctx.reserve(entry.uncompressedSize, entry.compressedSize, entry.name)) return undefined;
  return zip.read(entry, MAX_XML_BYTES);
}

async function relationships(zip: ZipArchive, entry: ZipEntry, ctx: FileContext): Promise<void> {
  const xml = (await readPart(zip, entry, ctx))?.toString('utf8') ?? '';
  for (const [tag] of xml.matchAll(RELATIONSHIP)) {
    if (!/TargetMode\s*=\s*["']External["']/i.test(tag)) continue;
    const target = decodeXml(/Target\s*=\s*"([^"]{0,4096})"/i.exec(tag)?.[1] ?? '');
    const type = /Type\s*=\s*"[^"]{0,512}\/([\w-]{1,64})"/i.exec(tag)?.[1] ?? 'unknown';
    ctx.indicators.addText(target);
    if (type === 'hyperlink') continue;
    const template = type === 'attachedTemplate';
    ctx.add({
      id: template ? 'ooxml-remote-template' : 'ooxml-external-reference',
      severity: template || type === 'oleObject' || type === 'frame' ? 'high' : 'medium',
      summary: `${entry.name}: ${type} loaded from ${target} when the document opens`,
    });
  }
}

async function xmlPart(zip: ZipArchive, entry: ZipEntry, ctx: FileContext): Promise<void> {
  if (/^xl\/macrosheets\//i.test(entry.name)) {
    ctx.add({
      id: 'ooxml-xlm-macrosheet',
      severity: 'high',
      summary: `Excel 4.0 macro sheet ${entry.name} (formulas that run like macros)`,
    });
  }
  // Field codes and DDE links live in the document body, headers, footers and Excel links.
  if (!/(?:document|header\d*|footer\d*|externalLink\d*|sheet\d*)\.xml$/i.test(entry.name)) return;
  const xml = (await readPart(zip, entry, ctx))?.toString('utf8') ?? '';
  const fields = [
    ...[...xml.matchAll(/<w:instrText[^>]{0,256}>([^<]{0,4096})</g)].map((m) => m[1]!),
    ...[...xml.matchAll(/w:instr="([^"]{0,4096})"/g)].map((m) => m[1]!),
    ...[...xml.matchAll(/ddeService="([^"]{0,1024})"/g)].map((m) => `DDE ${m[1]!}`),
  ];
  const dde = fields.map(decodeXml).filter((f) => DDE.test(f));
  if (dde.length > 0) {
    ctx.add({
      id: 'ooxml-dde',
      severity: 'high',
      summary: `${entry.name}: DDE field runs a program: ${dde.join(' | ').slice(0, 300)}`,
    });
  }
  ctx.indicators.addText(xml.replace(/http:\/\/schemas\.[^"\s]{1,200}/g, ''));
}

async function embedded(zip: ZipArchive, entry: ZipEntry, ctx: FileContext): Promise<void> {
  const macro = /vbaProject\.bin$/i.test(entry.name);
  ctx.add({
    id: macro ? 'ooxml-macro-project' : 'ooxml-embedded-object',
    severity: macro ? 'medium' : 'low',
    summary: `${macro ? 'VBA macro project' : 'embedded object'} ${entry.name}`,
  });
  if (!ctx.reserve(entry.uncompressedSize, entry.compressedSize, entry.name)) return;
  const content = await zip.read(entry, ctx.options.limits.maxFileBytes);
  await ctx.child(entry.name, content, { packedSize: entry.compressedSize });
}

function decodeXml(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
