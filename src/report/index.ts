/**
 * Report writers: the last stage of `investigate`. They take the finished `IncidentReport`
 * (src/model/incident.ts) and render it for people and programs: a terminal summary,
 * `incidents.json`, `report.md` and a self-contained `report.html`. Writers render strings;
 * only `writeReports` touches the disk, and nothing here prints.
 */
export type { ReportWriter } from './types.js';
export { REPORT_WRITERS, reportWriter, UnknownReportError } from './registry.js';
export { renderSummary, type SummaryOptions } from './terminal.js';
export { renderJson } from './json.js';
export { renderMarkdown } from './markdown.js';
export { renderHtml } from './html.js';
export { writeReports, type WrittenReport } from './write.js';
