/**
 * Reads Wazuh file-integrity records, one per line, in either shape: manager alerts
 * (`alerts.json`) or agent messages as queued to the manager (`8:syscheck:{...}`). A file
 * may mix them, as a collection of evidence often does.
 */
import { normaliseWazuhAgentEvent, normaliseWazuhAlert } from '../../normalise/wazuh.js';
import { splitLines } from '../chunks.js';
import type { FormatReader, InputSource, ReadContext, ReadItem, SniffSample } from '../types.js';
import { headLines, outcomeItem, problemItem, tooLongItem } from './items.js';

// `<queue>:<location>:<message>`; the manager writes agent locations as
// `[001] (name) ip->syscheck`, a local agent as plain `syscheck`.
const QUEUE_LINE = /^\d:(?:\[(\d{1,8})\] \(([^()]{0,256})\) ([^\s>]{0,64})->)?syscheck:(?=\{)/;

type Json = Record<string, unknown>;
type Parsed =
  | { shape: 'agent'; message: Json; agent?: { name: string; ip: string } }
  | { shape: 'alert'; alert: Json }
  | { shape: 'bad'; code: 'bad-json' | 'bad-record'; message: string };

function parseLine(text: string): Parsed {
  const queue = QUEUE_LINE.exec(text);
  const json = queue ? text.slice(queue[0].length) : text;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    return { shape: 'bad', code: 'bad-json', message: (error as Error).message };
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { shape: 'bad', code: 'bad-record', message: 'a syscheck record must be an object' };
  }
  const record = value as Json;
  if (!queue) return { shape: 'alert', alert: record };
  const agent = queue[2] !== undefined ? { name: queue[2], ip: queue[3] ?? '' } : undefined;
  return { shape: 'agent', message: record, ...(agent ? { agent } : {}) };
}

async function* readSyscheck(input: InputSource, ctx: ReadContext): AsyncIterable<ReadItem> {
  let skipped = 0;
  for await (const line of splitLines(input.chunks(), ctx.limits.maxRecordBytes)) {
    if (line.kind === 'too-long') {
      yield tooLongItem(input.name, line);
      continue;
    }
    if (line.text.trim().length === 0) continue;
    const location = `line ${line.number}`;
    const place = { input: input.name, location };
    const parsed = parseLine(line.text);
    if (parsed.shape === 'bad') {
      yield problemItem(input.name, location, parsed.code, parsed.message);
      continue;
    }
    const outcome =
      parsed.shape === 'alert'
        ? normaliseWazuhAlert(parsed.alert, place)
        : normaliseWazuhAgentEvent(parsed.message, parsed.agent, line.text, place);
    if (!outcome.ok && outcome.code === 'skipped') skipped += 1;
    const item = outcomeItem(outcome, input.name, location);
    if (item) yield item;
  }
  if (skipped > 0) {
    ctx.logger.info('wazuh records without a file change skipped', {
      input: input.name,
      count: skipped,
    });
  }
}

/**
 * Queue lines name syscheck; alerts are JSON with `timestamp`, `rule` and `agent`. A head of
 * Wazuh alerts without a syscheck one yet is still claimed, weakly: no other reader wants it.
 */
function sniffSyscheck(sample: SniffSample): number {
  const lines = headLines(sample.head, 20);
  let wazuh = 0;
  let syscheck = 0;
  for (const line of lines) {
    const parsed = parseLine(line);
    if (parsed.shape === 'agent') {
      wazuh += 1;
      syscheck += 1;
    } else if (parsed.shape === 'alert') {
      const alert = parsed.alert;
      if (!('rule' in alert && 'agent' in alert && 'timestamp' in alert)) continue;
      wazuh += 1;
      if ('syscheck' in alert) syscheck += 1;
    }
  }
  // Allow one damaged line in five, as the other line readers do.
  if (wazuh === 0 || wazuh * 5 < lines.length * 4) return 0;
  return syscheck > 0 ? 90 : 30;
}

export const wazuhSyscheckReader: FormatReader = {
  id: 'wazuh-syscheck',
  title: 'Wazuh file integrity (syscheck alerts and agent events)',
  source: 'fim',
  signature: 'alerts.json lines with a syscheck block, or 8:syscheck:{"type":"event",...} lines',
  sniff: sniffSyscheck,
  read: readSyscheck,
};
