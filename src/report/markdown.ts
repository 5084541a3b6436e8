/**
 * `report.md`: the report to paste into a case record or a wiki page. Every value is escaped,
 * enumerations included (a report may be re-rendered from an edited `incidents.json`), so that
 * it renders as the text it is: a file name holding `|` cannot split a table cell, backticks
 * cannot open code, `<img>` cannot become markup, a URL is not made a link.
 */
import type { Evidence, Incident, ReportSource } from '../model/incident.js';
import type { ReportWriter } from './types.js';
import {
  INTEL_HEADERS,
  LOOKUP_HEADERS,
  citedEvidence,
  deliveryText,
  displayTime,
  displayValue,
  incidentTally,
  intelRows,
  lookupRows,
  plural,
} from './text.js';

/**
 * CommonMark lets any ASCII punctuation be backslash-escaped; these are the characters that
 * start or end inline syntax (emphasis, code, links, raw HTML, entities, tables, strike-through,
 * GitHub's math).
 */
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()<>#+!|~&$]/g;

/** Escapes a log value for inline Markdown, including inside table cells. */
export function escapeMarkdown(value: string | number | undefined, max?: number): string {
  return (
    displayValue(value, max)
      .replace(MARKDOWN_SPECIAL, '\\$&')
      // GitHub turns `https://...` and `www.` into links; an analyst should not be one click
      // from a C2 server, so the patterns are broken with escapes that render invisibly.
      .replace(/:(?=\/\/)/g, '\\:')
      .replace(/\b(www)\./gi, '$1\\.')
  );
}

function tableLine(cells: string[]): string {
  return `| ${cells.map((c) => c || ' ').join(' | ')} |`;
}

function table(headers: string[], rows: string[][]): string[] {
  return [tableLine(headers), tableLine(headers.map(() => '---')), ...rows.map(tableLine)];
}

function evidenceIds(items: Evidence[] | undefined): string {
  return (items ?? []).map((item) => escapeMarkdown(item.id)).join(', ');
}

function* summaryTable(report: ReportSource): Generator<string> {
  const headers = ['#', 'Verdict', 'Severity', 'Host', 'User', 'File', 'Delivery', 'First seen'];
  yield* table(headers, []);
  let i = 0;
  for (const incident of report.incidents) {
    i += 1;
    yield tableLine([
      String(i),
      `**${escapeMarkdown(incident.verdict)}**`,
      escapeMarkdown(incident.severity),
      escapeMarkdown(incident.host),
      escapeMarkdown(incident.user),
      escapeMarkdown(incident.file.name),
      escapeMarkdown(incident.delivery.channel),
      escapeMarkdown(displayTime(incident.firstSeen)),
    ]);
  }
}

function facts(incident: Incident): string[] {
  const { file } = incident;
  const lines = [
    `- **Verdict:** ${escapeMarkdown(incident.verdict)} ` +
      `(severity ${escapeMarkdown(incident.severity)})`,
    `- **Incident:** ${escapeMarkdown(incident.id)}`,
    `- **Host:** ${escapeMarkdown(incident.host)}`,
    `- **User:** ${escapeMarkdown(incident.user)}`,
    `- **File:** ${escapeMarkdown(file.path)}`,
  ];
  if (file.sha256) lines.push(`- **SHA-256:** ${escapeMarkdown(file.sha256)}`);
  if (file.md5) lines.push(`- **MD5:** ${escapeMarkdown(file.md5)}`);
  if (file.size !== undefined)
    lines.push(`- **Size:** ${escapeMarkdown(plural(file.size, 'byte'))}`);
  lines.push(`- **Delivery:** ${escapeMarkdown(deliveryText(incident))}`);
  lines.push(`- **First seen:** ${escapeMarkdown(displayTime(incident.firstSeen))}`);
  return lines;
}

function escalation(incident: Incident): string[] {
  const decision = incident.escalation.decision === 'escalate' ? 'escalate' : 'do not escalate';
  const reasons = incident.escalation.reasons.map((reason) => `- ${escapeMarkdown(reason)}`);
  return ['### Escalation', '', `**Decision: ${decision}.**`, '', ...reasons];
}

function chain(incident: Incident): string[] {
  const rows = incident.chain.map((link) => {
    const joined = [
      link.joinedBy ? escapeMarkdown(link.joinedBy) : '',
      link.clockOffsetMs
        ? `${link.clockOffsetSource === 'estimated' ? 'estimated ' : ''}clock offset ` +
          `${escapeMarkdown(link.clockOffsetMs)} ms`
        : '',
    ].filter(Boolean);
    return [
      escapeMarkdown(link.stage),
      escapeMarkdown(displayTime(link.time)),
      escapeMarkdown(link.source),
      escapeMarkdown(link.summary),
      evidenceIds(link.evidence),
      joined.join('; '),
    ];
  });
  return [
    '### Chain',
    '',
    ...table(['Stage', 'Time', 'Source', 'Summary', 'Evidence', 'Joined by'], rows),
  ];
}

function indicators(incident: Incident): string[] {
  if (incident.indicators.length === 0) return ['### Indicators', '', 'None.'];
  const rows = incident.indicators.map((hit) => [
    escapeMarkdown(hit.id),
    escapeMarkdown(hit.summary),
    (hit.attack ?? []).map((t) => escapeMarkdown(t)).join(', '),
    evidenceIds(hit.evidence),
  ]);
  return ['### Indicators', '', ...table(['Indicator', 'Summary', 'ATT&CK', 'Evidence'], rows)];
}

/** Matched intel and live look-ups; nothing when the incident had neither. */
function intel(incident: Incident): string[] {
  const cells = (rows: string[][]): string[][] => rows.map((r) => r.map((c) => escapeMarkdown(c)));
  const matched = intelRows(incident);
  const asked = lookupRows(incident);
  if (matched.length === 0 && asked.length === 0) return [];
  const lines = ['### Threat intelligence', ''];
  if (matched.length > 0) lines.push(...table(INTEL_HEADERS, cells(matched)));
  if (asked.length > 0) {
    if (matched.length > 0) lines.push('');
    lines.push('Live look-ups:', '', ...table(LOOKUP_HEADERS, cells(asked)));
  }
  return lines;
}

function questions(incident: Incident): string[] {
  const rows = incident.questions.map((q) => [
    escapeMarkdown(q.question),
    `**${escapeMarkdown(q.answer)}**`,
    escapeMarkdown(q.explanation),
    evidenceIds(q.evidence),
  ]);
  return ['### Questions', '', ...table(['Question', 'Answer', 'Explanation', 'Evidence'], rows)];
}

function network(incident: Incident): string[] {
  if (incident.network.length === 0) return ['### Network peers', '', 'None seen.'];
  const rows = incident.network.map((peer) => [
    escapeMarkdown(peer.ip),
    escapeMarkdown(peer.port),
    escapeMarkdown(peer.domain),
  ]);
  return ['### Network peers', '', ...table(['IP', 'Port', 'Domain'], rows)];
}

function checklist(incident: Incident, tier: 1 | 2): string[] {
  const items = incident.checklist.filter((item) => item.tier === tier);
  const heading = tier === 1 ? '### Tier-1 checklist' : '### Tier-2 follow-up';
  if (items.length === 0) return tier === 1 ? [heading, '', 'No steps.'] : [];
  return [
    heading,
    '',
    ...items.map(
      (item) =>
        `- [${item.status === 'done' ? 'x' : ' '}] **${escapeMarkdown(item.step)}** ` +
        `(${escapeMarkdown(item.status)}): ${escapeMarkdown(item.finding)}`,
    ),
  ];
}

function timeline(incident: Incident): string[] {
  const heading = '### Timeline (±30 minutes)';
  if (incident.timeline.length === 0) return [heading, '', 'No events.'];
  const rows = incident.timeline.map((entry) => [
    escapeMarkdown(displayTime(entry.time)),
    escapeMarkdown(entry.source),
    escapeMarkdown(entry.summary),
    escapeMarkdown(entry.evidence.id),
  ]);
  return [heading, '', ...table(['Time', 'Source', 'Summary', 'Evidence'], rows)];
}

function evidence(incident: Incident): string[] {
  const rows = citedEvidence(incident).map((item) => [
    escapeMarkdown(item.id),
    escapeMarkdown(displayTime(item.time)),
    escapeMarkdown(item.format),
    escapeMarkdown(item.input),
    escapeMarkdown(item.location),
  ]);
  if (rows.length === 0) return [];
  return ['### Evidence', '', ...table(['Id', 'Time', 'Format', 'Input', 'Location'], rows)];
}

function incidentSection(incident: Incident, index: number): string[] {
  const title = `${escapeMarkdown(incident.file.name)} on ${escapeMarkdown(incident.host)}`;
  const parts = [
    [`## ${index + 1}. ${escapeMarkdown(incident.verdict)}: ${title}`, '', ...facts(incident)],
    escalation(incident),
    chain(incident),
    indicators(incident),
    intel(incident),
    questions(incident),
    network(incident),
    checklist(incident, 1),
    checklist(incident, 2),
    timeline(incident),
    evidence(incident),
  ];
  return parts.filter((part) => part.length > 0).flatMap((part) => [...part, '']);
}

function problems(report: ReportSource): string[] {
  const list = report.stats.problems;
  if (list.length === 0) return ['## Problems', '', 'None.'];
  const rows = list.map((p) => [
    escapeMarkdown(p.input),
    escapeMarkdown(p.location),
    escapeMarkdown(p.code),
    escapeMarkdown(p.message),
  ]);
  return ['## Problems', '', ...table(['Input', 'Location', 'Code', 'Message'], rows)];
}

/** Source clocks measured against the hosts; only present when estimation ran and found pairs. */
function clocks(report: ReportSource): string[] {
  const list = report.stats.clocks ?? [];
  if (list.length === 0) return [];
  const rows = list.map((c) => [
    escapeMarkdown(c.source),
    escapeMarkdown(c.offsetMs),
    `${c.agreeing} of ${c.pairs}`,
    escapeMarkdown(c.spreadMs),
    c.applied ? 'yes' : 'no',
    escapeMarkdown(c.reason),
  ]);
  const head = ['Source', 'Offset (ms)', 'Agreeing pairs', 'Spread (ms)', 'Applied', 'Why'];
  return ['', '## Clocks', '', ...table(head, rows)];
}

/** The report a few lines at a time: the summary table, then one incident after another. */
export function* markdownChunks(report: ReportSource): Generator<string> {
  const { stats } = report;
  const head = [
    '# Lurewatch incident report',
    '',
    escapeMarkdown(
      `Generated ${displayTime(report.generatedAt)} from ${plural(stats.inputs, 'input')} ` +
        `(${plural(stats.events, 'event')}, ${stats.skipped} skipped, ` +
        `${plural(stats.problems.length, 'problem')}). ${incidentTally(report)}.`,
    ),
    '',
  ];
  yield `${head.join('\n')}\n`;
  if (report.incidents.length > 0) {
    for (const line of summaryTable(report)) yield `${line}\n`;
    yield '\n';
  }
  let i = 0;
  for (const incident of report.incidents) {
    yield `${incidentSection(incident, i).join('\n')}\n`;
    i += 1;
  }
  const tail = [...problems(report), ...clocks(report)];
  if (tail.length > 0) yield `${tail.join('\n')}\n`;
}

export function renderMarkdown(report: ReportSource): string {
  return [...markdownChunks(report)].join('');
}

export const markdownWriter: ReportWriter = {
  id: 'markdown',
  fileName: 'report.md',
  title: 'Report for case records and wikis (Markdown)',
  render: markdownChunks,
};
