/**
 * `incidents.json`: the report exactly as the model defines it, pretty-printed with keys in the
 * order of the contract (src/model/incident.ts), whatever order the code that built the objects
 * used. Consumers diff these files between runs; a stable order keeps those diffs honest.
 */
import type { IncidentReport } from '../model/incident.js';
import type { ReportWriter } from './types.js';

/** Key order of one object shape, and the shapes of its object- or array-valued fields. */
interface Shape {
  keys: readonly string[];
  fields?: Readonly<Record<string, Shape>>;
}

const EVIDENCE: Shape = { keys: ['id', 'input', 'location', 'format', 'time'] };
const CITES = { evidence: EVIDENCE };

const INCIDENT: Shape = {
  keys: [
    'id',
    'verdict',
    'severity',
    'host',
    'user',
    'firstSeen',
    'file',
    'delivery',
    'chain',
    'indicators',
    'questions',
    'escalation',
    'network',
    'checklist',
    'timeline',
  ],
  fields: {
    file: { keys: ['path', 'name', 'sha256', 'md5', 'size'] },
    delivery: { keys: ['channel', 'detail'] },
    chain: {
      keys: [
        'stage',
        'time',
        'source',
        'summary',
        'evidence',
        'joinedBy',
        'clockOffsetMs',
        'clockOffsetSource',
      ],
      fields: CITES,
    },
    indicators: { keys: ['id', 'summary', 'attack', 'evidence'], fields: CITES },
    questions: { keys: ['id', 'question', 'answer', 'explanation', 'evidence'], fields: CITES },
    escalation: { keys: ['decision', 'reasons'] },
    network: { keys: ['ip', 'port', 'domain'] },
    checklist: { keys: ['id', 'step', 'tier', 'status', 'finding'] },
    timeline: { keys: ['time', 'source', 'summary', 'evidence'], fields: CITES },
  },
};

const REPORT: Shape = {
  keys: ['schemaVersion', 'generatedAt', 'incidents', 'stats'],
  fields: {
    incidents: INCIDENT,
    stats: {
      keys: ['inputs', 'events', 'skipped', 'problems', 'clocks'],
      fields: {
        problems: { keys: ['input', 'location', 'code', 'message'] },
        clocks: {
          keys: [
            'source',
            'offsetMs',
            'pairs',
            'agreeing',
            'spreadMs',
            'matchedBy',
            'applied',
            'reason',
          ],
        },
      },
    },
  },
};

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Known keys in contract order, then fields added later in alphabetical order. */
function ordered(value: unknown, shape: Shape | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => ordered(item, shape));
  if (!isPlainObject(value)) return value;

  const rank = (key: string): number => {
    const index = shape?.keys.indexOf(key) ?? -1;
    return index === -1 ? Number.MAX_SAFE_INTEGER : index;
  };
  const keys = Object.keys(value).sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1));
  const out: Record<string, unknown> = {};
  for (const key of keys) out[key] = ordered(value[key], shape?.fields?.[key]);
  return out;
}

export function renderJson(report: IncidentReport): string {
  return `${JSON.stringify(ordered(report, REPORT), null, 2)}\n`;
}

export const jsonWriter: ReportWriter = {
  id: 'json',
  fileName: 'incidents.json',
  title: 'Incidents as JSON (schemaVersion 1)',
  render: renderJson,
};
