/** The readable report: one tree per item, findings under the file they were found in. */
import { SEVERITY_RANK, type FileReport, type Finding, type ItemReport } from './types.js';

const MARK: Record<Finding['severity'], string> = {
  info: 'info',
  low: 'LOW',
  medium: 'MEDIUM',
  high: 'HIGH',
  critical: 'CRITICAL',
};

export function renderItem(item: ItemReport): string {
  const lines: string[] = [item.input];
  const message = item.message;
  if (message) {
    lines.push(`  subject: ${message.subject ?? ''}`);
    lines.push(`  from: ${message.from ?? ''}`);
    lines.push(`  date: ${message.date ?? ''}  message-id: ${message.messageId ?? ''}`);
    const auth = message.auth;
    lines.push(
      `  auth: spf=${auth.spf ?? '-'} dkim=${auth.dkim ?? '-'} dmarc=${auth.dmarc ?? '-'}`,
    );
    if (message.originatingIp) lines.push(`  originating ip: ${message.originatingIp}`);
    for (const hop of message.hops) {
      const delay = hop.delaySeconds === undefined ? '' : ` (+${hop.delaySeconds}s)`;
      const where = `${hop.from ?? '?'} [${hop.ip ?? '?'}] -> ${hop.by ?? '?'}`;
      lines.push(`  hop ${hop.index}: ${hop.time ?? '?'}${delay} ${where}`);
    }
    lines.push(...findingLines(message.findings, '  '));
  }
  lines.push(...findingLines(item.findings, '  '));
  for (const file of item.files) lines.push(...fileLines(file, '  '));
  const { urls, ips } = item.indicators;
  if (urls.length > 0)
    lines.push(`  urls: ${urls.length}`, ...urls.slice(0, 20).map((u) => `    ${u}`));
  if (ips.length > 0) lines.push(`  ips: ${ips.join(', ')}`);
  return `${lines.join('\n')}\n`;
}

function fileLines(file: FileReport, indent: string): string[] {
  const lines = [
    `${indent}- ${JSON.stringify(file.name)} ${file.detectedType}, ${file.size} bytes, ` +
      `entropy ${file.entropy}`,
    `${indent}  sha256 ${file.sha256}`,
    ...detailLines(file, `${indent}  `),
    ...findingLines(file.findings, `${indent}  `),
  ];
  for (const child of file.children) lines.push(...fileLines(child, `${indent}  `));
  return lines;
}

// Structured details shown in the tree; the rest (sections, macro sources) is in the JSON.
const SHOWN_DETAILS = new Set(
  (
    'machine subsystem compiled originalFilename target arguments workingDir iconLocation ' +
    'members'
  ).split(' '),
);
// Long values (padded shortcut arguments, member lists) are cut to keep the tree readable.
const DETAIL_CHARS = 200;

function detailLines(file: FileReport, indent: string): string[] {
  const lines: string[] = [];
  for (const [key, value] of Object.entries(file.details ?? {})) {
    if (!SHOWN_DETAILS.has(key)) continue;
    const text = Array.isArray(value) ? value.join(', ') : String(value);
    const shown = text.length > DETAIL_CHARS ? `${text.slice(0, DETAIL_CHARS)}...` : text;
    lines.push(`${indent}${key}: ${JSON.stringify(shown)}`);
  }
  return lines;
}

function findingLines(findings: Finding[], indent: string): string[] {
  return [...findings]
    .sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity])
    .map((f) => `${indent}[${MARK[f.severity]}] ${f.id}: ${f.summary}`);
}

/** The highest severity anywhere in an item, for exit codes and summaries. */
export function worstSeverity(item: ItemReport): Finding['severity'] {
  let worst: Finding['severity'] = 'info';
  const see = (findings: Finding[]) => {
    for (const f of findings)
      if (SEVERITY_RANK[f.severity] > SEVERITY_RANK[worst]) worst = f.severity;
  };
  const walk = (file: FileReport): void => {
    see(file.findings);
    file.children.forEach(walk);
  };
  see(item.findings);
  if (item.message) see(item.message.findings);
  item.files.forEach(walk);
  return worst;
}
