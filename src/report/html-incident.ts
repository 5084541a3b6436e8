/**
 * One incident's section of `report.html`: facts, decision, the chain as a diagram and a table,
 * questions, indicators, matched intel, network peers, checklist, timeline and the evidence
 * behind it all.
 * Every value is escaped with `escapeHtml`, enumerations included: a report may be re-rendered
 * from an `incidents.json` that someone edited.
 */
import type { ChainLink, Evidence, Incident } from '../model/incident.js';
import { chainSvg } from './chain-svg.js';
import { escapeHtml as e, htmlTable } from './html-escape.js';
import {
  INTEL_HEADERS,
  LOOKUP_HEADERS,
  REPORT_LIMITS,
  citedEvidence,
  deliveryText,
  displayTime,
  intelRows,
  lookupRows,
  plural,
} from './text.js';

const STATUS_MARK: Record<string, string> = { done: '✓', partial: '◐', open: '○' };

function evidenceIds(items: Evidence[] | undefined): string {
  return (items ?? []).map((item) => `<code>${e(item.id)}</code>`).join(' ');
}

function section(title: string, body: string): string {
  return `<h3>${title}</h3>\n${body}`;
}

function facts(incident: Incident): string {
  const { file } = incident;
  const rows: Array<[string, string]> = [
    ['Incident', `<code>${e(incident.id)}</code>`],
    ['Host', e(incident.host)],
    ['User', e(incident.user)],
    ['File', `<code>${e(file.path)}</code>`],
  ];
  if (file.sha256) rows.push(['SHA-256', `<code>${e(file.sha256)}</code>`]);
  if (file.md5) rows.push(['MD5', `<code>${e(file.md5)}</code>`]);
  if (file.size !== undefined) rows.push(['Size', e(plural(file.size, 'byte'))]);
  rows.push(['Delivery', e(deliveryText(incident))]);
  rows.push(['First seen', e(displayTime(incident.firstSeen))]);
  const items = rows.map(([term, value]) => `<dt>${term}</dt><dd>${value}</dd>`).join('\n');
  return `<dl class="facts">\n${items}\n</dl>`;
}

function escalation(incident: Incident): string {
  const escalate = incident.escalation.decision === 'escalate';
  const reasons = incident.escalation.reasons.map((reason) => `<li>${e(reason)}</li>`).join('');
  return section(
    'Escalation',
    `<p><strong>Decision: ${escalate ? 'escalate' : 'do not escalate'}.</strong></p>` +
      (reasons ? `\n<ul>${reasons}</ul>` : ''),
  );
}

function chain(incident: Incident, index: number): string {
  if (incident.chain.length === 0) return section('Chain', '<p>No chain.</p>');
  const shown = Math.min(incident.chain.length, REPORT_LIMITS.maxChainNodes);
  const caption =
    shown < incident.chain.length
      ? `The first ${shown} of ${incident.chain.length} links; the table lists them all.`
      : `${plural(shown, 'link')}, oldest first.`;
  const rows = incident.chain.map((link) => [
    e(link.stage),
    e(displayTime(link.time)),
    e(link.source),
    e(link.summary),
    evidenceIds(link.evidence),
    [
      link.joinedBy ? e(link.joinedBy) : '',
      link.clockOffsetMs ? `${offsetOrigin(link)}offset ${e(link.clockOffsetMs)} ms` : '',
    ]
      .filter(Boolean)
      .join('; '),
  ]);
  return section(
    'Chain',
    `<figure>\n${chainSvg(incident.chain, `incident-${index + 1}-chain`)}\n` +
      `<figcaption>${caption}</figcaption>\n</figure>\n` +
      htmlTable(['Stage', 'Time', 'Source', 'Summary', 'Evidence', 'Joined by'], rows),
  );
}

function questions(incident: Incident): string {
  const rows = incident.questions.map((q) => [
    e(q.question),
    `<span class="answer answer-${e(q.answer)}">${e(q.answer)}</span>`,
    e(q.explanation),
    evidenceIds(q.evidence),
  ]);
  return section('Questions', htmlTable(['Question', 'Answer', 'Explanation', 'Evidence'], rows));
}

function indicators(incident: Incident): string {
  if (incident.indicators.length === 0) return section('Indicators', '<p>None.</p>');
  const rows = incident.indicators.map((hit) => [
    `<code>${e(hit.id)}</code>`,
    e(hit.summary),
    (hit.attack ?? []).map((t) => e(t)).join(', '),
    evidenceIds(hit.evidence),
  ]);
  return section('Indicators', htmlTable(['Indicator', 'Summary', 'ATT&amp;CK', 'Evidence'], rows));
}

function network(incident: Incident): string {
  if (incident.network.length === 0) return section('Network peers', '<p>None seen.</p>');
  const rows = incident.network.map((peer) => [
    `<code>${e(peer.ip)}</code>`,
    e(peer.port),
    e(peer.domain),
  ]);
  return section('Network peers', htmlTable(['IP', 'Port', 'Domain'], rows));
}

function checklist(incident: Incident): string {
  if (incident.checklist.length === 0) return section('Checklist', '<p>No steps.</p>');
  const items = incident.checklist.map(
    (item) =>
      `<li class="status-${e(item.status)}"><span class="mark">` +
      `${STATUS_MARK[item.status] ?? '?'}</span> <strong>${e(item.step)}</strong> ` +
      `<span class="tag">tier ${e(item.tier)}, ${e(item.status)}</span><br>${e(item.finding)}</li>`,
  );
  return section('Checklist', `<ul class="checklist">\n${items.join('\n')}\n</ul>`);
}

function timeline(incident: Incident): string {
  const rows = incident.timeline.map((entry) => [
    e(displayTime(entry.time)),
    e(entry.source),
    e(entry.summary),
    evidenceIds([entry.evidence]),
  ]);
  const body =
    rows.length === 0
      ? '<p>No events.</p>'
      : `<details open>\n<summary>${plural(rows.length, 'event')}</summary>\n` +
        `${htmlTable(['Time', 'Source', 'Summary', 'Evidence'], rows)}\n</details>`;
  return section('Timeline (±30 minutes)', body);
}

/** Matched intel and live look-ups; nothing when the incident had neither. */
function intel(incident: Incident): string {
  const cells = (rows: string[][]): string[][] => rows.map((r) => r.map((c) => e(c)));
  const matched = intelRows(incident);
  const asked = lookupRows(incident);
  if (matched.length === 0 && asked.length === 0) return '';
  const parts: string[] = [];
  if (matched.length > 0) parts.push(htmlTable(INTEL_HEADERS, cells(matched)));
  if (asked.length > 0) {
    parts.push('<p>Live look-ups:</p>', htmlTable(LOOKUP_HEADERS, cells(asked)));
  }
  return section('Threat intelligence', parts.join('\n'));
}

function evidence(incident: Incident): string {
  const rows = citedEvidence(incident).map((item) => [
    `<code>${e(item.id)}</code>`,
    e(displayTime(item.time)),
    e(item.format),
    e(item.input),
    e(item.location),
  ]);
  if (rows.length === 0) return '';
  return section(
    'Evidence',
    `<details>\n<summary>${plural(rows.length, 'record')} cited</summary>\n` +
      `${htmlTable(['Id', 'Time', 'Format', 'Input', 'Location'], rows)}\n</details>`,
  );
}

export function incidentHtml(incident: Incident, index: number): string {
  const verdict = e(incident.verdict);
  return [
    `<section class="incident verdict-${verdict}" id="incident-${index + 1}">`,
    `<h2>${index + 1}. <span class="badge">${verdict}</span> ${e(incident.file.name)} ` +
      `<span class="where">on ${e(incident.host)}</span></h2>`,
    `<p class="severity">Severity: <strong>${e(incident.severity)}</strong></p>`,
    facts(incident),
    escalation(incident),
    chain(incident, index),
    questions(incident),
    indicators(incident),
    intel(incident),
    network(incident),
    checklist(incident),
    timeline(incident),
    evidence(incident),
    '</section>',
  ]
    .filter(Boolean)
    .join('\n');
}

/** An estimated offset says so: the analyst weighs such a join less than a configured one. */
function offsetOrigin(link: ChainLink): string {
  return link.clockOffsetSource === 'estimated' ? 'estimated ' : '';
}
