/**
 * Scripts Windows runs on a double-click (JScript, VBScript, PowerShell, HTA, batch):
 * what they call, and how hard they try not to be read. Encoded PowerShell commands are
 * decoded and read again.
 */
import type { FileContext } from '../context.js';
import { extensionOf } from '../detect.js';
import { registerAnalyzer } from '../registry.js';
import { readHtml } from './html.js';

interface Signal {
  id: string;
  label: string;
  pattern: RegExp;
}

// What a script does once running: start programs, fetch, write, load code.
const BEHAVIOUR: Signal[] = [
  { id: 'exec', label: 'WScript.Shell', pattern: /WScript\.Shell/i },
  { id: 'exec', label: 'Shell.Application', pattern: /Shell\.Application/i },
  { id: 'exec', label: 'ActiveXObject', pattern: /\bActiveXObject\b/ },
  { id: 'exec', label: 'Start-Process', pattern: /Start-Process/i },
  { id: 'exec', label: 'powershell', pattern: /\bpowershell(?:\.exe)?\b/i },
  { id: 'exec', label: 'mshta/rundll32/regsvr32', pattern: /\b(?:mshta|rundll32|regsvr32)\b/i },
  { id: 'download', label: 'XMLHTTP', pattern: /XMLHTTP|WinHttp\.WinHttpRequest/i },
  {
    id: 'download',
    label: 'Net.WebClient',
    pattern: /Net\.WebClient|DownloadString|DownloadFile/i,
  },
  {
    id: 'download',
    label: 'Invoke-WebRequest',
    pattern: /Invoke-WebRequest|\biwr\b|Invoke-RestMethod/i,
  },
  {
    id: 'download',
    label: 'bitsadmin/certutil',
    pattern: /\bbitsadmin\b|certutil[^\n]{0,40}-(?:urlcache|decode)/i,
  },
  { id: 'download', label: 'ADODB.Stream', pattern: /ADODB\.Stream/i },
  {
    id: 'persist',
    label: 'Run key or scheduled task',
    pattern: /CurrentVersion\\Run|schtasks|New-ScheduledTask/i,
  },
];

// How a script hides: code built at run time, strings assembled from numbers or base64.
const OBFUSCATION: Signal[] = [
  {
    id: 'eval',
    label: 'eval / Execute',
    pattern: /\beval\s*\(|\bExecute(?:Global)?\b|new\s+Function\s*\(/,
  },
  { id: 'iex', label: 'Invoke-Expression', pattern: /Invoke-Expression|\biex\b/i },
  { id: 'chars', label: 'character codes', pattern: /(?:fromCharCode|ChrW?\s*\()/i },
  { id: 'base64', label: 'base64 decoding', pattern: /FromBase64String|\batob\s*\(|base64/i },
  {
    id: 'encoded',
    label: 'encoded command',
    pattern: /\s-e(?:nc(?:odedcommand)?)?\s+[A-Za-z0-9+/=]{40,}/i,
  },
  {
    id: 'hidden',
    label: 'hidden window',
    pattern: /-w(?:indowstyle)?\s+h(?:idden)?\b|\.Run\s*\([^)]{0,200},\s*0\b/i,
  },
  { id: 'casts', label: '[char] casts', pattern: /\[char\]\s*0?x?[0-9a-f]{2,3}/i },
  { id: 'ticks', label: 'backtick-split words', pattern: /[a-z]`[a-z]{1,20}`[a-z]/i },
  {
    id: 'concat',
    label: 'split keywords',
    pattern: /['"](?:Down|Invo|Net\.W|Web|Shel|WScr|I)['"]\s*\+/i,
  },
  {
    id: 'reverse',
    label: 'reversed strings',
    pattern: /StrReverse|\.reverse\(\)\.join|-join\s*\(\s*\$?[^)]{0,40}\[-1\.\.-/i,
  },
];

const ENCODED_COMMAND = /\s-e(?:nc(?:odedcommand)?)?\s+([A-Za-z0-9+/=]{40,})/gi;
// Minified libraries have long lines too; only a run this long without a break is a blob.
const LONG_LINE = 5_000;

registerAnalyzer({
  kinds: ['script'],
  async analyze(bytes, ctx) {
    const text = bytes.toString(bytes[1] === 0 ? 'utf16le' : 'utf8');
    const decoded = [...text.matchAll(ENCODED_COMMAND)].map((m) =>
      Buffer.from(m[1]!, 'base64').toString('utf16le'),
    );
    const all = [text, ...decoded].join('\n');
    if (decoded.length > 0)
      ctx.detail(
        'decodedCommands',
        decoded.map((d) => d.slice(0, 2000)),
      );
    ctx.indicators.addText(all);
    ctx.indicators.addIpsFromText(all);

    const ext = extensionOf(ctx.report.name) || 'script';
    ctx.add({
      id: 'script-file',
      severity: 'high',
      summary: `.${ext} script: Windows runs it with its script host on a double-click`,
    });
    report(all, ctx);
    // An HTML application is a page with full rights: it gets the HTML checks too.
    if (ext === 'hta')
      for (const finding of readHtml(text, ctx.report.name).findings) ctx.add(finding);
  },
});

function report(text: string, ctx: FileContext): void {
  const behaviour = BEHAVIOUR.filter((s) => s.pattern.test(text));
  const hiding = OBFUSCATION.filter((s) => s.pattern.test(text));
  if (text.split('\n').some((line) => line.length > LONG_LINE)) {
    hiding.push({ id: 'long-line', label: 'very long lines', pattern: /$/ });
  }
  if (behaviour.length > 0) {
    const downloads = behaviour.some((s) => s.id === 'download');
    ctx.add({
      id: downloads ? 'script-downloader' : 'script-runs-programs',
      severity: downloads ? 'critical' : 'high',
      summary: `uses ${behaviour.map((s) => s.label).join(', ')}`,
    });
  }
  if (hiding.length > 0) {
    ctx.add({
      id: 'script-obfuscated',
      severity: hiding.length >= 2 ? 'high' : 'medium',
      summary: `obfuscated: ${hiding.map((s) => s.label).join(', ')}`,
    });
  }
}
