/**
 * `report.html`: one self-contained page an analyst can open from a case record or a mail,
 * offline. No external asset, no script: styles are inline, the chain diagrams are inline SVG,
 * and the Content-Security-Policy forbids loading anything at all, so even a value that slipped
 * past escaping could not fetch or run a thing.
 */
import type { Incident, ReportSource } from '../model/incident.js';
import { escapeHtml as e, htmlTable, htmlTableRows } from './html-escape.js';
import { incidentHtml } from './html-incident.js';
import { displayTime, incidentTally, plural } from './text.js';
import type { ReportWriter } from './types.js';

export const CONTENT_SECURITY_POLICY =
  "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'";

const STYLE = `
:root { --escalate: #b42318; --review: #b54708; --dismiss: #067647; --line: #d0d5dd; }
body { font: 14px/1.45 system-ui, sans-serif; margin: 0 auto; max-width: 1180px;
  padding: 0 20px 40px; color: #101828; }
h1 { font-size: 22px; margin: 20px 0 4px; }
h2 { font-size: 18px; margin: 0 0 6px; overflow-wrap: anywhere; }
h3 { font-size: 15px; margin: 18px 0 6px; }
table { border-collapse: collapse; width: 100%; margin: 4px 0 8px; }
th, td { border: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top;
  overflow-wrap: anywhere; }
th { background: #f2f4f7; }
code { font: 12px/1.4 ui-monospace, monospace; overflow-wrap: anywhere; }
.incident { border: 1px solid var(--line); border-left: 6px solid var(--line);
  border-radius: 6px; padding: 14px 18px; margin: 20px 0; }
.verdict-escalate { border-left-color: var(--escalate); }
.verdict-review { border-left-color: var(--review); }
.verdict-dismiss { border-left-color: var(--dismiss); }
.badge { display: inline-block; color: #fff; background: #475467; border-radius: 4px;
  padding: 1px 8px; font-size: 13px; text-transform: uppercase; vertical-align: middle; }
.verdict-escalate .badge, .badge.verdict-escalate { background: var(--escalate); }
.verdict-review .badge, .badge.verdict-review { background: var(--review); }
.verdict-dismiss .badge, .badge.verdict-dismiss { background: var(--dismiss); }
.where { font-weight: normal; color: #475467; }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 8px 0; }
.facts dt { color: #475467; }
.facts dd { margin: 0; overflow-wrap: anywhere; }
.answer { font-weight: 600; }
.answer-yes { color: var(--escalate); }
.answer-no { color: var(--dismiss); }
.checklist { list-style: none; padding-left: 0; }
.checklist li { margin: 4px 0; }
.checklist .mark { display: inline-block; width: 1.2em; }
.tag { color: #475467; font-size: 12px; }
figure { margin: 6px 0 10px; overflow-x: auto; }
figcaption { color: #475467; font-size: 12px; }
svg.chain rect { fill: #f9fafb; stroke: #98a2b3; stroke-width: 1.5; }
svg.chain .stage-delivery rect { fill: #eff8ff; stroke: #2e90fa; }
svg.chain .stage-file-written rect,
svg.chain .stage-file-activity rect { fill: #f4f3ff; stroke: #7a5af8; }
svg.chain .stage-execution rect { fill: #fef3f2; stroke: #f04438; }
svg.chain .stage-child-process rect { fill: #fffaeb; stroke: #f79009; }
svg.chain .stage-network rect { fill: #fdf2fa; stroke: #dd2590; }
svg.chain text { font: 12px system-ui, sans-serif; fill: #101828; }
svg.chain .chain-stage { font-weight: 700; }
svg.chain .chain-time, svg.chain .chain-source { fill: #475467; }
svg.chain .chain-arrow { fill: none; stroke: #667085; stroke-width: 1.5; }
svg.chain marker path { fill: #667085; }
summary { cursor: pointer; color: #475467; }
`;

function summaryRow(incident: Incident, i: number): string[] {
  return [
    `<a href="#incident-${i + 1}">${i + 1}</a>`,
    `<span class="badge verdict-${e(incident.verdict)}">${e(incident.verdict)}</span>`,
    e(incident.severity),
    e(incident.host),
    e(incident.user),
    `<code>${e(incident.file.name)}</code>`,
    e(incident.delivery.channel),
    e(displayTime(incident.firstSeen)),
  ];
}

/** The summary table, a page of rows at a time so that no report is held whole. */
function* summary(report: ReportSource): Generator<string> {
  if (report.incidents.length === 0) {
    yield '<p>No incidents found.</p>';
    return;
  }
  const headers = ['#', 'Verdict', 'Severity', 'Host', 'User', 'File', 'Delivery', 'First seen'];
  yield* htmlTableRows(headers, summaryRows(report), 'summary');
}

function* summaryRows(report: ReportSource): Generator<string[]> {
  let i = 0;
  for (const incident of report.incidents) yield summaryRow(incident, i++);
}

function problems(report: ReportSource): string {
  const list = report.stats.problems;
  const body =
    list.length === 0
      ? '<p>None.</p>'
      : htmlTable(
          ['Input', 'Location', 'Code', 'Message'],
          list.map((p) => [e(p.input), e(p.location), `<code>${e(p.code)}</code>`, e(p.message)]),
        );
  return `<section id="problems">\n<h2>Problems</h2>\n${body}\n</section>`;
}

/** Source clocks measured against the hosts; only present when estimation ran and found pairs. */
function clocks(report: ReportSource): string[] {
  const list = report.stats.clocks ?? [];
  if (list.length === 0) return [];
  const rows = list.map((c) => [
    `<code>${e(c.source)}</code>`,
    e(c.offsetMs),
    e(`${c.agreeing} of ${c.pairs}`),
    e(c.spreadMs),
    c.applied ? 'yes' : 'no',
    e(c.reason),
  ]);
  const head = ['Source', 'Offset (ms)', 'Agreeing pairs', 'Spread (ms)', 'Applied', 'Why'];
  return [`<section id="clocks">\n<h2>Clocks</h2>\n${htmlTable(head, rows)}\n</section>`];
}

/** The page in pieces: head and summary, each incident's section, then the run's problems. */
export function* htmlChunks(report: ReportSource): Generator<string> {
  const { stats } = report;
  const runLine = e(
    `Generated ${displayTime(report.generatedAt)} from ${plural(stats.inputs, 'input')} ` +
      `(${plural(stats.events, 'event')}, ${stats.skipped} skipped, ` +
      `${plural(stats.problems.length, 'problem')}). ${incidentTally(report)}.`,
  );
  const head = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CONTENT_SECURITY_POLICY}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Lurewatch incident report</title>',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    '<h1>Lurewatch incident report</h1>',
    `<p>${runLine}</p>`,
    '</header>',
    '<main>',
    '<section id="summary">',
    '<h2>Summary</h2>',
  ];
  yield `${head.join('\n')}\n`;
  yield* summary(report);
  yield '\n</section>\n';
  let i = 0;
  for (const incident of report.incidents) yield `${incidentHtml(incident, i++)}\n`;
  yield [problems(report), ...clocks(report), '</main>', '</body>', '</html>', ''].join('\n');
}

export function renderHtml(report: ReportSource): string {
  return [...htmlChunks(report)].join('');
}

export const htmlWriter: ReportWriter = {
  id: 'html',
  fileName: 'report.html',
  title: 'Self-contained report page (HTML)',
  render: htmlChunks,
};
