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
  const head = headers.map((h) => `<th scope="col">${h}</th>`).join('');
  const body = rows.map((row) => `<tr>${row.map((c) => `<td>${c}</td>`).join('')}</tr>`);
  const cls = className ? ` class="${className}"` : '';
  return [
    `<table${cls}>`,
    `<thead><tr>${head}</tr></thead>`,
    '<tbody>',
    ...body,
    '</tbody>',
    '</table>',
  ].join('\n');
}
