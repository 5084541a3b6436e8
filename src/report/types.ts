import type { ReportSource } from '../model/incident.js';

/**
 * One output file of `investigate`. Writers are pure: they render, `writeReports` writes. They
 * render in pieces, so that a report of any number of incidents is written without being held.
 */
export interface ReportWriter {
  /** Registry key, as a user would name the output (`json`, `markdown`, `html`). */
  id: string;
  /** The file name inside the output folder. */
  fileName: string;
  title: string;
  render(report: ReportSource): Iterable<string>;
}
