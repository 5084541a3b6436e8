/**
 * HTML attachments: smuggling (a payload assembled in the browser from a Blob, base64 or a
 * data URI and saved without a download ever crossing the proxy), credential forms that post
 * to another site, redirects and script obfuscation. Text hidden behind `unescape`, `atob`
 * or `decodeURIComponent` is decoded, a few layers deep, and read again.
 */
import type { FileContext } from '../context.js';
import { registerAnalyzer } from '../registry.js';
import type { Finding } from '../types.js';

// Lures wrap their page in two or three layers of encoding; five is generous.
const MAX_LAYERS = 5;
const MAX_DECODED_CHARS = 8 * 1024 * 1024;
const MAX_DATA_URIS = 50;
// Below this a base64 literal is an icon or a font; above it, a file.
const PAYLOAD_BASE64_CHARS = 4_096;

const ENCODED_CALL = /\b(unescape|decodeURIComponent|atob)\s*\(\s*(?:"([^"]{16,})"|'([^']{16,})')/g;
const DATA_URI = new RegExp(
  String.raw`data:([\w.+-]{1,100}/[\w.+-]{1,100})?(?:;[\w-]{1,40}=[\w-]{1,40})*` +
    String.raw`;base64,([A-Za-z0-9+/]{64,}={0,2})`,
  'g',
);
const FORM = /<form\b[^>]{0,2048}>/gi;

interface Signals {
  blob: boolean;
  objectUrl: boolean;
  saveBlob: boolean;
  download: boolean;
  atob: boolean;
  longBase64: boolean;
  password: boolean;
  eval: boolean;
  telegram: boolean;
  redirect?: string;
  formActions: string[];
  scriptPosts: boolean;
}

registerAnalyzer({
  kinds: ['html', 'svg'],
  async analyze(bytes, ctx) {
    const { layers, findings } = readHtml(bytes.toString('utf8'), ctx.report.name);
    for (const finding of findings) ctx.add(finding);
    for (const layer of layers) ctx.indicators.addText(layer);
    await dataUris(layers, ctx);
    if (findings.some((f) => f.id === 'html-smuggling' || f.id === 'html-encoded-payload')) {
      await smuggledFile(layers, ctx);
    }
  },
});

// The name the page saves its file under, from `a.download = ...` or `msSaveOrOpenBlob`.
const SAVED_NAME =
  /\.download\s*=\s*["']([^"']{1,260})["']|msSaveOrOpenBlob\s*\([^,)]{1,200},\s*["']([^"']{1,260})/;
const BASE64_LITERAL = /(["'`])([A-Za-z0-9+/=\s\\]{4096,})\1/g;

/** Decodes the largest base64 literal of a smuggling page: the file it would save. */
async function smuggledFile(layers: string[], ctx: FileContext): Promise<void> {
  let payload = '';
  let name: string | undefined;
  for (const layer of layers) {
    const saved = SAVED_NAME.exec(layer);
    name ??= saved?.[1] ?? saved?.[2];
    for (const match of layer.matchAll(BASE64_LITERAL)) {
      if (match[2]!.length > payload.length) payload = match[2]!;
    }
  }
  if (!payload) return;
  const bytes = Buffer.from(payload.replace(/[\s\\]/g, ''), 'base64');
  ctx.add({
    id: 'html-smuggled-file',
    severity: 'high',
    summary: `the page saves ${bytes.length} bytes as ${JSON.stringify(name ?? '(unnamed)')}`,
  });
  if (ctx.reserve(bytes.length)) await ctx.child(name ?? 'smuggled.bin', bytes);
}

/** The findings of a page, and its text with every decoded layer (also used for mail bodies). */
export function readHtml(html: string, name: string): { layers: string[]; findings: Finding[] } {
  const layers = decodeLayers(html);
  const findings = judge(layers.map(scan).reduce(merge), name);
  if (layers.length > 1) {
    findings.push({
      id: 'html-encoded-layers',
      severity: 'medium',
      summary: `page content hidden behind ${layers.length - 1} layer(s) of script encoding`,
    });
  }
  return { layers, findings };
}

function decodeLayers(html: string): string[] {
  const layers = [html];
  let total = html.length;
  for (let i = 0; i < layers.length && layers.length <= MAX_LAYERS; i++) {
    for (const [, fn, double, single] of layers[i]!.matchAll(ENCODED_CALL)) {
      const arg = (double ?? single)!.replace(/\\\r?\n|\s+/g, '');
      const decoded = decodeCall(fn!, arg);
      if (!decoded || total + decoded.length > MAX_DECODED_CHARS) continue;
      if (!/[<>]|function|window|document/.test(decoded)) continue;
      total += decoded.length;
      layers.push(decoded);
      if (layers.length > MAX_LAYERS) break;
    }
  }
  return layers;
}

function decodeCall(fn: string, arg: string): string | undefined {
  try {
    if (fn === 'atob') return Buffer.from(arg, 'base64').toString('utf8');
    if (fn === 'unescape')
      return arg.replace(/%u([0-9a-f]{4})|%([0-9a-f]{2})/gi, (_, u, b) =>
        String.fromCharCode(parseInt(u ?? b, 16)),
      );
    return decodeURIComponent(arg);
  } catch {
    return undefined;
  }
}

function scan(text: string): Signals {
  const forms = [...text.matchAll(FORM)].map(
    (m) => /action\s*=\s*["']?([^"'\s>]{1,2048})/i.exec(m[0])?.[1] ?? '',
  );
  return {
    blob: /\bnew\s+Blob\s*\(/.test(text),
    objectUrl: /URL\.createObjectURL\s*\(/.test(text),
    saveBlob: /msSaveOrOpenBlob|msSaveBlob/.test(text),
    download: /\.download\s*=|\bdownload\s*=\s*["']|setAttribute\(\s*["']download/i.test(text),
    atob: /\batob\s*\(/.test(text),
    longBase64: hasBase64Run(text, PAYLOAD_BASE64_CHARS),
    password: /<input\b[^>]{0,512}type\s*=\s*["']?password/i.test(text),
    eval: /\beval\s*\(|new\s+Function\s*\(|document\.write\s*\(\s*(?:unescape|atob|decodeURI)/.test(
      text,
    ),
    telegram: /api\.telegram\.org\/bot/i.test(text),
    redirect:
      autoClick(text) ??
      /http-equiv\s*=\s*["']?refresh["']?[^>]{0,256}url\s*=\s*([^"'>\s]{1,2048})/i.exec(
        text,
      )?.[1] ??
      /(?:window|document|top|self)\.location(?:\.href)?\s*=\s*["']([^"']{1,2048})/.exec(text)?.[1],
    formActions: forms,
    scriptPosts: /\.ajax\s*\(|\bfetch\s*\(|XMLHttpRequest|\$\.post\s*\(/.test(text),
  };
}

/**
 * Whether `text` holds `length` base64 characters in a row. A loop rather than a pattern such
 * as /[A-Za-z0-9+/]{4096,}/, which rescans each run from every start and is quadratic.
 */
function hasBase64Run(text: string, length: number): boolean {
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const base64 =
      (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 47;
    run = base64 ? run + 1 : 0;
    if (run >= length) return true;
  }
  return false;
}

/** A page that clicks its own link on load sends the user on without a second click. */
function autoClick(text: string): string | undefined {
  if (!/onload\s*=\s*(?:"[^"]{0,256}|'[^']{0,256})\.click\(\)/i.test(text)) return undefined;
  return /<a\b[^>]{0,1024}href\s*=\s*["']([^"']{1,2048})/i.exec(text)?.[1];
}

function merge(a: Signals, b: Signals): Signals {
  const out = { ...a };
  for (const key of Object.keys(b) as Array<keyof Signals>) {
    if (key === 'formActions') out.formActions = [...a.formActions, ...b.formActions];
    else if (key === 'redirect') out.redirect = a.redirect ?? b.redirect;
    else out[key] = a[key] || b[key];
  }
  return out;
}

function judge(s: Signals, name: string): Finding[] {
  const findings: Finding[] = [];
  const assembles = s.blob && (s.objectUrl || s.saveBlob);
  if (assembles && (s.download || s.saveBlob)) {
    findings.push({
      id: 'html-smuggling',
      severity: 'critical',
      summary: 'builds a file in the browser from a Blob and saves it (HTML smuggling)',
    });
  } else if ((s.atob || assembles) && s.longBase64) {
    findings.push({
      id: 'html-encoded-payload',
      severity: 'high',
      summary: 'carries a large base64 payload decoded by script',
    });
  }
  if (s.password) {
    const external = s.formActions.filter((a) => /^(?:https?:)?\/\//i.test(a));
    const where =
      external.length > 0
        ? `posts to ${external.join(', ')}`
        : s.scriptPosts
          ? 'sends by script'
          : '';
    findings.push({
      id: 'html-credential-form',
      severity: where ? 'high' : 'medium',
      summary: `asks for a password in a local file${where ? ` and ${where}` : ''} (${name})`,
    });
  }
  if (s.telegram) {
    findings.push({
      id: 'html-telegram-exfiltration',
      severity: 'high',
      summary: 'sends data to a Telegram bot (a common phishing-kit drop)',
    });
  }
  if (s.eval) {
    findings.push({
      id: 'html-obfuscated-script',
      severity: 'medium',
      summary: 'evaluates generated script',
    });
  }
  if (s.redirect) {
    findings.push({ id: 'html-redirect', severity: 'low', summary: `redirects to ${s.redirect}` });
  }
  return findings;
}

async function dataUris(layers: string[], ctx: FileContext): Promise<void> {
  let count = 0;
  for (const layer of layers) {
    for (const [, mime, data] of layer.matchAll(DATA_URI)) {
      if (count++ >= MAX_DATA_URIS) return;
      // Pictures and fonts inline are ordinary page furniture.
      if (/^(?:image|font)\//.test(mime ?? '') || data!.length < PAYLOAD_BASE64_CHARS) continue;
      const bytes = Buffer.from(data!, 'base64');
      if (ctx.reserve(bytes.length))
        await ctx.child(`data-uri-${count}`, bytes, { declaredType: mime });
    }
  }
}
