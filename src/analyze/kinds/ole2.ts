/**
 * OLE2 compound files: legacy Office documents with VBA macros and embedded packages,
 * encrypted Office documents, Equation Editor objects, and Outlook `.msg` messages.
 */
import type { FileContext } from '../context.js';
import { parseMessage } from '../message/message.js';
import { registerAnalyzer } from '../registry.js';
import { openCfb, type CfbStream } from './cfb.js';
import { parseOle10Native } from './ole-native.js';
import { reportMacros } from './macros.js';
import { extractVba } from './vba.js';
import { reportXlm } from './xls.js';

// MAPI property streams of an Outlook message (MS-OXMSG): attachment data and file names.
const MSG_ATTACHMENT_DATA = /^__attach_version1\.0_#([0-9A-F]{8})\/__substg1\.0_37010102$/i;
const MSG_LONG_NAME = '__substg1.0_3707001F';
const MSG_SHORT_NAME = '__substg1.0_3704001F';
const MSG_SUBJECT = '__substg1.0_0037001F';
// PR_TRANSPORT_MESSAGE_HEADERS: the Internet headers of a message that came by SMTP.
const MSG_TRANSPORT_HEADERS = '__substg1.0_007D001F';

registerAnalyzer({
  kinds: ['ole2'],
  async analyze(bytes, ctx) {
    const cfb = openCfb(bytes);
    ctx.detail('streams', cfb.streams.map((s) => `${s.path} (${s.size})`).slice(0, 200));
    const paths = new Set(cfb.streams.map((s) => s.path));

    if (paths.has('EncryptedPackage')) {
      ctx.add({
        id: 'office-encrypted',
        severity: 'medium',
        summary: 'password-protected Office document: content cannot be scanned',
      });
    }
    if (cfb.streams.some((s) => /Equation Native$/i.test(s.path))) {
      ctx.add({
        id: 'ole-equation-editor',
        severity: 'high',
        summary: 'Equation Editor object (exploited by CVE-2017-11882 and CVE-2018-0802)',
      });
    }
    await reportMacros(extractVba(cfb.streams), ctx);
    const workbook = cfb.streams.find((s) => s.path === 'Workbook' || s.path === 'Book');
    if (workbook) reportXlm(workbook.read(), ctx);
    await embeddedPackages(cfb.streams, ctx);
    await outlookAttachments(cfb.streams, ctx);
  },
});

/** The header trace of an Outlook message, from the SMTP headers it keeps. */
async function traceTransportHeaders(text: string, ctx: FileContext): Promise<void> {
  const head = `${text.replace(/\0+$/, '').replace(/\r?\n\r?\n[^]*$/, '')}\r\n\r\n`;
  const message = await parseMessage(Buffer.from(head, 'utf8'), {
    options: ctx.options,
    indicators: ctx.indicators,
    hints: ctx.hints,
    attach: async () => undefined,
  });
  ctx.detail(
    'hops',
    message.hops.map((h) => `${h.from ?? '?'} [${h.ip ?? '?'}] -> ${h.by ?? '?'}`),
  );
  if (message.originatingIp) ctx.detail('originatingIp', message.originatingIp);
  for (const finding of message.findings) ctx.add(finding);
}

async function embeddedPackages(streams: CfbStream[], ctx: FileContext): Promise<void> {
  for (const stream of streams.filter((s) => /\x01Ole10Native$/.test(s.path))) {
    const pkg = parseOle10Native(stream.read());
    ctx.add({
      id: 'ole-embedded-package',
      severity: 'high',
      summary: `embedded package ${JSON.stringify(pkg.label)} (${JSON.stringify(pkg.sourcePath)})`,
    });
    if (ctx.reserve(pkg.data.length)) await ctx.child(pkg.label || 'package', pkg.data);
  }
}

async function outlookAttachments(streams: CfbStream[], ctx: FileContext): Promise<void> {
  const byPath = new Map(streams.map((s) => [s.path, s]));
  const subject = byPath.get(MSG_SUBJECT);
  if (subject) ctx.detail('subject', subject.read().toString('utf16le'));
  const headers = byPath.get(MSG_TRANSPORT_HEADERS);
  if (headers) await traceTransportHeaders(headers.read().toString('utf16le'), ctx);
  for (const stream of streams) {
    const match = MSG_ATTACHMENT_DATA.exec(stream.path);
    if (!match) continue;
    const folder = stream.path.slice(0, stream.path.indexOf('/'));
    const nameStream =
      byPath.get(`${folder}/${MSG_LONG_NAME}`) ?? byPath.get(`${folder}/${MSG_SHORT_NAME}`);
    const name =
      nameStream?.read().toString('utf16le').replace(/\0+$/, '') || `attachment-${match[1]}`;
    if (ctx.reserve(stream.size)) await ctx.child(name, stream.read());
  }
}
