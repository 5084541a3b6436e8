/**
 * An email message taken apart: the header trace a tier-1 analyst reads (relays, the
 * originating address, authentication verdicts, sender deceptions) and every attachment and
 * named inline part, each analysed as a file. MIME decoding is mailparser's.
 */
import { simpleParser, type AddressObject, type ParsedMail } from 'mailparser';
import type { IndicatorSet } from '../indicators.js';
import type { AnalyzeOptions, Finding, MessageReport } from '../types.js';
import { readHtml } from '../kinds/html.js';
import { authFindings, parseAuth } from './auth.js';
import { originatingIp, parseHops } from './received.js';
import { senderFindings, type Party } from './sender.js';

/** Where a message's parts go: the item's top level, or a container's children. */
export interface MessageSink {
  options: AnalyzeOptions;
  indicators: IndicatorSet;
  hints: string[];
  attach(name: string, bytes: Buffer, declaredType: string): Promise<void>;
}

// A delay this long between two relays is a queue held back or a forged hop.
const LONG_DELAY_SECONDS = 24 * 3600;

/** Parses `bytes` as a message, hands each attachment to `sink` and returns the trace. */
export async function parseMessage(bytes: Buffer, sink: MessageSink): Promise<MessageReport> {
  const mail = await simpleParser(bytes, {
    skipHtmlToText: true,
    skipTextToHtml: true,
    skipTextLinks: true,
    skipImageLinks: true,
  });
  const report = traceHeaders(mail, sink);

  // The body is where senders put the password of an encrypted attachment.
  const body = [mail.text ?? '', typeof mail.html === 'string' ? mail.html : ''].join('\n');
  sink.hints.push(body.slice(0, 1024 * 1024));
  sink.indicators.addText(body);
  // A body can carry the same smuggling script or credential form as an attachment.
  if (typeof mail.html === 'string') {
    const { layers, findings } = readHtml(mail.html, 'message body');
    for (const layer of layers.slice(1)) sink.indicators.addText(layer);
    report.findings.push(...findings.filter((f) => f.id !== 'html-redirect'));
  }

  for (const [i, attachment] of mail.attachments.entries()) {
    const name =
      attachment.filename ?? `part-${i + 1}${attachment.cid ? `-${attachment.cid}` : ''}`;
    await sink.attach(name, attachment.content as Buffer, attachment.contentType);
  }
  return report;
}

function traceHeaders(mail: ParsedMail, sink: MessageSink): MessageReport {
  const raw = rawHeaders(mail);
  const hops = parseHops(raw.get('received') ?? []);
  const auth = parseAuth(raw.get('authentication-results') ?? [], raw.get('received-spf') ?? []);
  const single = new Map([...raw].map(([key, values]) => [key, values[0] ?? '']));
  const origin = originatingIp(hops, single);

  for (const hop of hops) {
    if (hop.ip) sink.indicators.addIp(hop.ip);
  }
  const findings: Finding[] = [
    ...authFindings(auth),
    ...hopFindings(hops),
    ...senderFindings(
      {
        from: party(mail.from),
        replyTo: party(mail.replyTo),
        sender: party(mail.headers.get('sender') as AddressObject | undefined),
        returnPath: /<([^<>]{1,512})>/.exec(single.get('return-path') ?? '')?.[1],
      },
      sink.options,
    ),
  ];

  const from = mail.from?.value[0];
  return {
    subject: mail.subject,
    from: mail.from?.text,
    messageId: mail.messageId,
    date: mail.date && !Number.isNaN(mail.date.getTime()) ? mail.date.toISOString() : undefined,
    hops,
    ...(origin ? { originatingIp: origin } : {}),
    auth,
    findings: from ? findings : [...findings, missingFrom()],
  };
}

/** Unfolded header values by lower-case name, in the order they appear (topmost first). */
function rawHeaders(mail: ParsedMail): Map<string, string[]> {
  const headers = new Map<string, string[]>();
  for (const { key, line } of mail.headerLines) {
    const value = line
      .slice(line.indexOf(':') + 1)
      .replace(/\r?\n[ \t]+/g, ' ')
      .trim();
    const list = headers.get(key) ?? [];
    list.push(value);
    headers.set(key, list);
  }
  return headers;
}

function party(address: AddressObject | undefined): Party | undefined {
  const first = address?.value?.[0];
  if (!first) return undefined;
  return { name: first.name || undefined, address: first.address || undefined };
}

function hopFindings(hops: MessageReport['hops']): Finding[] {
  const findings: Finding[] = [];
  for (const hop of hops) {
    if (hop.delaySeconds === undefined) continue;
    if (hop.delaySeconds < -300) {
      findings.push({
        id: 'hop-time-reversed',
        severity: 'low',
        summary: `hop ${hop.index} is ${-hop.delaySeconds}s earlier than the hop before it`,
      });
    } else if (hop.delaySeconds > LONG_DELAY_SECONDS) {
      findings.push({
        id: 'hop-long-delay',
        severity: 'info',
        summary: `hop ${hop.index} came ${hop.delaySeconds}s after the hop before it`,
      });
    }
  }
  return findings;
}

function missingFrom(): Finding {
  return { id: 'sender-missing-from', severity: 'medium', summary: 'message has no From address' };
}
