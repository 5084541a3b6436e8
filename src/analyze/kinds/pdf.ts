/**
 * PDF documents: the actions that run on open (JavaScript, OpenAction, Launch), embedded
 * files, forms that submit elsewhere, and the links the lure wants clicked. Names written
 * with `#xx` escapes (`/J#61vaScript`) are decoded first, and Flate streams (object streams
 * included) are inflated under a cap so that keywords hidden in them are found too.
 */
import { inflateSync } from 'node:zlib';
import type { FileContext } from '../context.js';
import { registerAnalyzer } from '../registry.js';

// Lures hold tens of streams; the cap stops a file made of millions of empty ones.
const MAX_STREAMS = 5_000;
const MAX_STREAM_BYTES = 16 * 1024 * 1024;

interface Keyword {
  name: string;
  id: string;
  severity: 'info' | 'low' | 'medium' | 'high';
  summary: string;
}

const KEYWORDS: Keyword[] = [
  { name: 'JavaScript', id: 'pdf-javascript', severity: 'high', summary: 'contains JavaScript' },
  { name: 'JS', id: 'pdf-javascript', severity: 'high', summary: 'contains JavaScript' },
  {
    name: 'OpenAction',
    id: 'pdf-open-action',
    severity: 'medium',
    summary: 'runs an action on open',
  },
  {
    name: 'AA',
    id: 'pdf-additional-actions',
    severity: 'medium',
    summary: 'runs actions on page or field events',
  },
  { name: 'Launch', id: 'pdf-launch', severity: 'high', summary: 'launches a program or file' },
  {
    name: 'EmbeddedFile',
    id: 'pdf-embedded-file',
    severity: 'high',
    summary: 'carries an embedded file',
  },
  {
    name: 'SubmitForm',
    id: 'pdf-submit-form',
    severity: 'medium',
    summary: 'submits a form to a server',
  },
  { name: 'GoToR', id: 'pdf-remote-goto', severity: 'medium', summary: 'opens a remote document' },
  {
    name: 'RichMedia',
    id: 'pdf-rich-media',
    severity: 'medium',
    summary: 'embeds Flash or rich media',
  },
  { name: 'XFA', id: 'pdf-xfa', severity: 'medium', summary: 'contains an XFA form (scriptable)' },
  {
    name: 'Encrypt',
    id: 'pdf-encrypted',
    severity: 'low',
    summary: 'is encrypted (content not scanned)',
  },
];
const KEYWORD_BY_NAME = new Map(KEYWORDS.map((k) => [k.name, k]));
const NAME = /\/([A-Za-z0-9#]{1,64})/g;

registerAnalyzer({
  kinds: ['pdf'],
  async analyze(bytes, ctx) {
    const raw = bytes.toString('latin1');
    const texts = [raw, ...inflateStreams(bytes, raw, ctx)];
    const seen = new Map<string, number>();
    let escaped = 0;
    for (const text of texts) {
      for (const [, name] of text.matchAll(NAME)) {
        const decoded = decodeName(name!);
        if (!KEYWORD_BY_NAME.has(decoded)) continue;
        seen.set(decoded, (seen.get(decoded) ?? 0) + 1);
        // Font names use #20 legitimately; an escaped action keyword has no such excuse.
        if (name!.includes('#')) escaped += 1;
      }
      for (const [, uri] of text.matchAll(/\/URI\s*\(([^)]{1,2048})\)/g))
        ctx.indicators.addUrl(uri!);
      ctx.indicators.addText(text);
    }
    reportKeywords(seen, escaped, ctx);
    await embeddedFiles(bytes, raw, ctx);
  },
});

function reportKeywords(seen: Map<string, number>, escaped: number, ctx: FileContext): void {
  const reported = new Set<string>();
  for (const [name, count] of seen) {
    const keyword = KEYWORD_BY_NAME.get(name)!;
    if (reported.has(keyword.id)) continue;
    reported.add(keyword.id);
    const withScript =
      keyword.id === 'pdf-open-action' && (seen.has('JavaScript') || seen.has('JS'));
    ctx.add({
      id: keyword.id,
      severity: withScript ? 'high' : keyword.severity,
      summary: `${keyword.summary} (/${name} x${count})`,
    });
  }
  if (escaped > 0) {
    ctx.add({
      id: 'pdf-obfuscated-names',
      severity: 'medium',
      summary: `${escaped} action keywords written with #xx escapes (hides them from scanners)`,
    });
  }
}

function decodeName(name: string): string {
  return name.replace(/#([0-9a-f]{2})/gi, (_, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
}

interface PdfStream {
  dictionary: string;
  start: number;
  end: number;
}

function* streams(raw: string): Generator<PdfStream> {
  const pattern = /stream\r?\n/g;
  let count = 0;
  for (let match = pattern.exec(raw); match && count < MAX_STREAMS; match = pattern.exec(raw)) {
    if (raw.slice(match.index - 3, match.index) === 'end') continue;
    const start = match.index + match[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) return;
    const dictionaryStart = raw.lastIndexOf('obj', match.index);
    const dictionary = raw.slice(Math.max(dictionaryStart, match.index - 4096), match.index);
    count += 1;
    yield { dictionary, start, end };
    pattern.lastIndex = end;
  }
}

function inflateStreams(bytes: Buffer, raw: string, ctx: FileContext): string[] {
  const texts: string[] = [];
  for (const stream of streams(raw)) {
    if (!/\/FlateDecode|\/Fl\b/.test(stream.dictionary)) continue;
    const content = inflate(bytes.subarray(stream.start, stream.end));
    if (content && ctx.reserve(content.length)) texts.push(content.toString('latin1'));
  }
  return texts;
}

function inflate(data: Buffer): Buffer | undefined {
  try {
    return inflateSync(data, { maxOutputLength: MAX_STREAM_BYTES, finishFlush: 2 });
  } catch {
    return undefined;
  }
}

/** Embedded file streams, named after the file specifications in the order they appear. */
async function embeddedFiles(bytes: Buffer, raw: string, ctx: FileContext): Promise<void> {
  const names = [...raw.matchAll(/\/(?:UF|F)\s*\(([^)]{1,260})\)/g)].map((m) => m[1]!);
  let index = 0;
  for (const stream of streams(raw)) {
    if (!/\/Type\s*\/EmbeddedFile/.test(stream.dictionary)) continue;
    const data = bytes.subarray(stream.start, stream.end).subarray(0, -1);
    const flate = /\/FlateDecode/.test(stream.dictionary);
    const content = flate ? inflate(bytes.subarray(stream.start, stream.end)) : data;
    const name = names[index] ?? `embedded-${index + 1}`;
    index += 1;
    if (content && ctx.reserve(content.length)) await ctx.child(name, content);
  }
}
