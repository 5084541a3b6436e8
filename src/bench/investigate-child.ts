/**
 * One measured `investigate` run, started by `measure.ts`: reads the folder, writes
 * incidents.json and prints its own figures as one JSON line on stdout.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { silentLogger } from '../core/logger.js';
import { withSettings } from '../core/settings.js';
import { investigate } from '../investigate/run.js';
import { defaultRegistry } from '../read/formats/index.js';

const [inputs, out] = process.argv.slice(2);
if (!inputs || !out) throw new Error('usage: investigate-child INPUTS OUT');

const started = performance.now();
const cpuBefore = process.cpuUsage();
const { report } = await investigate({
  inputs: [inputs],
  registry: defaultRegistry(),
  settings: withSettings({}),
  logger: silentLogger,
});
const elapsedMs = Math.round(performance.now() - started);
const cpu = process.cpuUsage(cpuBefore);
mkdirSync(out, { recursive: true });
writeFileSync(join(out, 'incidents.json'), JSON.stringify(report));
process.stdout.write(
  `${JSON.stringify({
    events: report.stats.events,
    incidents: report.incidents.length,
    escalated: report.incidents.filter((i) => i.verdict === 'escalate').length,
    elapsedMs,
    // CPU time is steadier than wall time on a shared machine.
    cpuMs: Math.round((cpu.user + cpu.system) / 1000),
    // maxRSS is in kilobytes.
    peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    out,
  })}\n`,
);
