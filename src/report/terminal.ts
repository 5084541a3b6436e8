/**
 * The summary `investigate` prints when it finishes: one row per incident, fitted to the
 * terminal's width, then one line of run statistics. It returns text; the CLI prints it.
 * A run with more incidents than a screen can hold lists the escalated ones and counts the
 * rest, which the written reports carry in full.
 */
import type { Incident, ReportSource, Verdict } from '../model/incident.js';
import { displayTime, displayValue, plural, verdictCounts } from './text.js';

export interface SummaryOptions {
  /** Terminal width in columns; the table is fitted to it. */
  columns?: number;
  /** Colour the verdicts with ANSI escapes (the CLI asks for it when stdout is a terminal). */
  color: boolean;
  /** Rows listed before the rest are only counted (default 100). */
  maxRows?: number;
}

interface Column {
  header: string;
  /** The narrowest the column may be squeezed to; equal to the natural width for fixed ones. */
  min: number;
  value(incident: Incident): string;
}

// The minimums add up to 77 columns with the gaps, so the table fits an 80-column terminal.
const COLUMNS: readonly Column[] = [
  { header: 'VERDICT', min: 8, value: (i) => i.verdict },
  { header: 'SEVERITY', min: 8, value: (i) => i.severity },
  { header: 'HOST', min: 6, value: (i) => i.host },
  { header: 'USER', min: 6, value: (i) => i.user },
  { header: 'FILE', min: 10, value: (i) => i.file.name || i.file.path },
  { header: 'DELIVERY', min: 7, value: (i) => i.delivery.channel },
  { header: 'FIRST SEEN', min: 20, value: (i) => displayTime(i.firstSeen) },
];

const GAP = '  ';
const MAX_ROWS = 100;
const DEFAULT_COLUMNS = 100;

const VERDICT_COLOUR: Record<Verdict, string> = {
  escalate: '\u001b[1;31m',
  review: '\u001b[33m',
  dismiss: '\u001b[32m',
};
const RESET = '\u001b[0m';

/** Display width of one code point: 0 for combining marks, 2 for wide East Asian and emoji. */
function charWidth(codePoint: number): number {
  if (codePoint >= 0x300 && codePoint <= 0x36f) return 0;
  const wide =
    (codePoint >= 0x1100 && codePoint <= 0x115f) ||
    (codePoint >= 0x2e80 && codePoint <= 0xa4cf) ||
    (codePoint >= 0xac00 && codePoint <= 0xd7a3) ||
    (codePoint >= 0xf900 && codePoint <= 0xfaff) ||
    (codePoint >= 0xfe30 && codePoint <= 0xfe4f) ||
    (codePoint >= 0xff00 && codePoint <= 0xff60) ||
    (codePoint >= 0xffe0 && codePoint <= 0xffe6) ||
    (codePoint >= 0x1f300 && codePoint <= 0x1faff) ||
    (codePoint >= 0x20000 && codePoint <= 0x3fffd);
  return wide ? 2 : 1;
}

export function textWidth(text: string): number {
  let width = 0;
  for (const char of text) width += charWidth(char.codePointAt(0) ?? 0);
  return width;
}

/** Pads or cuts to exactly `width` columns; a cut ends with an ellipsis. */
function fit(text: string, width: number): string {
  if (textWidth(text) <= width) return text + ' '.repeat(width - textWidth(text));
  let out = '';
  let used = 0;
  for (const char of text) {
    const w = charWidth(char.codePointAt(0) ?? 0);
    if (used + w > width - 1) break;
    out += char;
    used += w;
  }
  return `${out}…${' '.repeat(width - 1 - used)}`;
}

/**
 * Natural widths, then the widest squeezable column gives up one column at a time until the
 * row fits or every column is at its minimum (the terminal then wraps, which beats hiding data).
 */
function columnWidths(rows: string[][], columns: number): number[] {
  const widths = COLUMNS.map((column, i) =>
    Math.max(textWidth(column.header), ...rows.map((row) => textWidth(row[i] ?? ''))),
  );
  const available = columns - GAP.length * (COLUMNS.length - 1);
  let excess = widths.reduce((sum, w) => sum + w, 0) - available;
  while (excess > 0) {
    let widest = -1;
    for (let i = 0; i < widths.length; i += 1) {
      const w = widths[i] ?? 0;
      const min = COLUMNS[i]?.min ?? 0;
      if (w > min && (widest === -1 || w > (widths[widest] ?? 0))) widest = i;
    }
    if (widest === -1) break;
    widths[widest] = (widths[widest] ?? 0) - 1;
    excess -= 1;
  }
  return widths;
}

function statsLine(report: ReportSource): string {
  const { stats } = report;
  const line = [
    plural(stats.inputs, 'input'),
    plural(stats.events, 'event'),
    `${stats.skipped} skipped`,
    plural(stats.problems.length, 'problem'),
  ].join(', ');
  return displayValue(line);
}

/** The incidents worth a row: all of them, or on a long run the escalated ones first. */
function listed(report: ReportSource, limit: number): Incident[] {
  const out: Incident[] = [];
  const all = report.incidents.length <= limit;
  for (const incident of report.incidents) {
    if (out.length >= limit) break;
    if (all || incident.verdict === 'escalate') out.push(incident);
  }
  return out;
}

export function renderSummary(report: ReportSource, options: SummaryOptions): string {
  const columns =
    options.columns && options.columns > 0 ? Math.floor(options.columns) : DEFAULT_COLUMNS;
  const limit = options.maxRows ?? MAX_ROWS;
  const lines: string[] = [];
  const shown = listed(report, limit);

  if (report.incidents.length === 0) {
    lines.push('No incidents found.');
  } else {
    const rows = shown.map((incident) =>
      COLUMNS.map((column) => displayValue(column.value(incident))),
    );
    const widths = columnWidths(rows, columns);
    const line = (cells: string[]): string => cells.join(GAP).trimEnd();

    lines.push(line(COLUMNS.map((column, i) => fit(column.header, widths[i] ?? 0))));
    lines.push(line(widths.map((w) => '─'.repeat(w))));
    shown.forEach((incident, r) => {
      const cells = (rows[r] ?? []).map((cell, i) => fit(cell, widths[i] ?? 0));
      // Colour goes on after fitting so that escape codes never count toward a width.
      if (options.color) cells[0] = `${VERDICT_COLOUR[incident.verdict]}${cells[0]}${RESET}`;
      lines.push(line(cells));
    });
  }

  const hidden = report.incidents.length - shown.length;
  if (hidden > 0) {
    const counts = verdictCounts(report);
    const more =
      `… and ${plural(hidden, 'more incident')} (${counts.escalate} escalate, ` +
      `${counts.review} review, ${counts.dismiss} dismiss in all): ` +
      'see incidents.json in --out, or --format json';
    lines.push(fit(more, columns).trimEnd());
  }
  lines.push('', statsLine(report));
  return `${lines.join('\n')}\n`;
}
