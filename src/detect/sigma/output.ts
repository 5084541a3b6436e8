/**
 * Renders alerts for people and programs, as a registry of formats keyed by name. Renderers
 * return text and never print; the CLI decides where it goes.
 */
import type { Alert } from './hunt.js';

export interface AlertFormat {
  header?: () => string;
  row: (alert: Alert) => string;
}

function fieldsText(fields: Record<string, unknown>): string {
  return Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

function cut(text: string, width: number): string {
  return text.length > width ? `${text.slice(0, width - 1)}…` : text.padEnd(width);
}

const CSV_COLUMNS = [
  'time',
  'level',
  'rule_id',
  'title',
  'author',
  'tags',
  'input',
  'location',
  'fields',
] as const;

function csvCell(value: string): string {
  // Quote everything that could break the row; a leading =,+,-,@ is defused so spreadsheets
  // do not run log content as a formula.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export const ALERT_FORMATS: Readonly<Record<string, AlertFormat>> = Object.freeze({
  table: {
    header: () => `${cut('TIME', 24)}  ${cut('LEVEL', 13)}  ${cut('RULE', 50)}  WHERE\n`,
    row: (a) =>
      `${cut(a.time ?? '-', 24)}  ${cut(a.level ?? '-', 13)}  ${cut(a.title, 50)}  ` +
      `${a.input ? `${a.input} (${a.location})` : fieldsText(a.fields)}\n`,
  },
  jsonl: {
    row: (a) =>
      `${JSON.stringify({
        rule_id: a.ruleId,
        title: a.title,
        level: a.level,
        author: a.author,
        tags: a.tags,
        kind: a.kind,
        input: a.input,
        location: a.location,
        time: a.time,
        fields: a.fields,
      })}\n`,
  },
  csv: {
    header: () => `${CSV_COLUMNS.join(',')}\n`,
    row: (a) =>
      `${[
        a.time ?? '',
        a.level ?? '',
        a.ruleId ?? '',
        a.title,
        a.author ?? '',
        a.tags.join(' '),
        a.input ?? '',
        a.location ?? '',
        JSON.stringify(a.fields),
      ]
        .map(csvCell)
        .join(',')}\n`,
  },
});
