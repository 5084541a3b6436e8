/**
 * The report files `investigate` writes, keyed by id. A new output is one module exporting a
 * `ReportWriter` and one line here.
 */
import { htmlWriter } from './html.js';
import { jsonWriter } from './json.js';
import { markdownWriter } from './markdown.js';
import type { ReportWriter } from './types.js';

export const REPORT_WRITERS: readonly ReportWriter[] = Object.freeze([
  jsonWriter,
  markdownWriter,
  htmlWriter,
]);

export class UnknownReportError extends Error {
  constructor(
    readonly requested: string,
    readonly known: readonly string[],
  ) {
    super(`unknown report '${requested}'; known reports: ${known.join(', ')}`);
    this.name = 'UnknownReportError';
  }
}

export function reportWriter(id: string): ReportWriter {
  const writer = REPORT_WRITERS.find((w) => w.id === id);
  if (!writer)
    throw new UnknownReportError(
      id,
      REPORT_WRITERS.map((w) => w.id),
    );
  return writer;
}
