/** The score as a Markdown table per variant and a summary, for a terminal or a report. */
import type { Score } from './score.js';

const percent = (value: number | null): string =>
  value === null ? '-' : `${(value * 100).toFixed(1)}%`;

export function renderScore(s: Score): string {
  const lines = [
    '| Variant | Kind | Planted | Executed | Found | Recall | Escalated | False escalations |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const [name, v] of Object.entries(s.byVariant).sort(([a], [b]) => (a < b ? -1 : 1))) {
    lines.push(
      `| ${name} | ${v.malicious ? 'malicious' : 'benign look-alike'} | ${v.planted} | ` +
        `${v.executed} | ${v.malicious ? v.found : '-'} | ${percent(v.recall)} | ` +
        `${v.escalated} | ${v.malicious ? '-' : v.falseEscalations} |`,
    );
  }
  lines.push(
    '',
    `- Recall of executed lures: ${percent(s.recall)}`,
    `- Precision of escalations: ${percent(s.precision)} ` +
      `(${s.escalations - s.falseEscalations} of ${s.escalations})`,
    `- False escalations: ${s.falseEscalations} ` +
      `(${s.falseEscalationsPerMillionEvents.toFixed(2)} per million events)`,
    `- Events: ${s.events}; incidents: ${s.incidents}`,
  );
  if (s.elapsedMs !== undefined) {
    lines.push(
      `- Time to process: ${(s.elapsedMs / 1000).toFixed(1)} s (${s.eventsPerSecond} events/s)`,
    );
  }
  if (s.peakRssMb !== undefined) lines.push(`- Peak memory (RSS): ${s.peakRssMb} MB`);
  const missed = Object.values(s.byVariant).flatMap((v) => v.missed);
  if (missed.length > 0) lines.push(`- Missed chains: ${missed.join(', ')}`);
  return `${lines.join('\n')}\n`;
}
