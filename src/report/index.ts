/**
 * Report writers: the last stage of `investigate`. They take the finished report
 * (src/model/incident.ts; its incidents may be read back from disk as they are walked) and
 * render it for people and programs: a terminal summary, `incidents.json`, `report.md` and a
 * self-contained `report.html`. Writers render pieces of text; only `writeReports` touches the
 * disk, and nothing here prints.
 */
export type { ReportWriter } from './types.js';
export { REPORT_WRITERS, reportWriter, UnknownReportError } from './registry.js';
export { renderSummary, type SummaryOptions } from './terminal.js';
export { jsonChunks, renderJson } from './json.js';
export { markdownChunks, renderMarkdown } from './markdown.js';
export { htmlChunks, renderHtml } from './html.js';
export { writeReports, type WrittenReport } from './write.js';
