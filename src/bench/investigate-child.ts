/**
 * One measured `investigate` run, started by `measure.ts`: reads the folder, writes
 * incidents.json and prints its own figures as one JSON line on stdout.
 */
import { silentLogger } from '../core/logger.js';
import { withSettings } from '../core/settings.js';
import { investigateToDisk } from '../investigate/run.js';
import { defaultRegistry } from '../read/formats/index.js';
import { jsonWriter } from '../report/json.js';
import { writeReports } from '../report/write.js';

const [inputs, out] = process.argv.slice(2);
if (!inputs || !out) throw new Error('usage: investigate-child INPUTS OUT');

const started = performance.now();
const cpuBefore = process.cpuUsage();
const run = await investigateToDisk({
  inputs: [inputs],
  registry: defaultRegistry(),
  settings: withSettings({}),
  logger: silentLogger,
});
const { report } = run;
await writeReports(report, out, silentLogger, [jsonWriter]);
run.close();
// Writing incidents.json is part of the job: a run is done when its report is on disk.
const elapsedMs = Math.round(performance.now() - started);
const cpu = process.cpuUsage(cpuBefore);
process.stdout.write(
  `${JSON.stringify({
    events: report.stats.events,
    incidents: report.incidents.length,
    escalated: run.escalated,
    elapsedMs,
    // CPU time is steadier than wall time on a shared machine.
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    // maxRSS is in kilobytes.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    out,
  })}\n`,
);
