/**
 * HTML escaping for values from logs. Everything from an input goes through `escapeHtml` before
 * it reaches the page, in text and in attribute values alike (attributes are always quoted with
 * `"`), so a file named `<img src=x onerror=...>` is shown, never parsed.
 */
import { displayValue } from './text.js';

const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(value: string | number | undefined, max?: number): string {
  return displayValue(value, max).replace(/[&<>"']/g, (char) => ENTITIES[char] ?? char);
}

/** A table whose cells are already escaped HTML. */
export function htmlTable(headers: string[], rows: string[][], className?: string): string {
  return [...htmlTableRows(headers, rows, className)].join('');
}

/** The same table a row at a time, for tables as long as a run's incidents. */
export function* htmlTableRows(
  headers: string[],
  rows: Iterable<string[]>,
  className?: string,
): Generator<string> {
  const head = headers.map((h) => `<th scope="col">${h}</th>`).join('');
  const cls = className ? ` class="${className}"` : '';
  yield `<table${cls}>\n<thead><tr>${head}</tr></thead>\n<tbody>`;
  for (const row of rows) yield `\n<tr>${row.map((c) => `<td>${c}</td>`).join('')}</tr>`;
  yield '\n</tbody>\n</table>';
}
