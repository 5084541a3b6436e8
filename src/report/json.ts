/**
 * `incidents.json`: the report exactly as the model defines it, pretty-printed with keys in the
 * order of the contract (src/model/incident.ts), whatever order the code that built the objects
 * used. Consumers diff these files between runs; a stable order keeps those diffs honest.
 */
import type { ReportSource } from '../model/incident.js';
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

/** `JSON.stringify(value, null, 2)` for a value nested `depth` levels down. */
function indented(value: unknown, depth: number): string {
  // JSON strings hold no raw newlines, so every newline here is layout.
  return JSON.stringify(value, null, 2).replace(/\n/g, `\n${'  '.repeat(depth)}`);
}

/**
 * The report's bytes in pieces, one incident at a time: exactly what
 * `JSON.stringify(report, null, 2)` would write for the ordered report, without holding it.
 */
export function* jsonChunks(report: ReportSource): Generator<string> {
  const record = report as unknown as Record<string, unknown>;
  const fields = Object.keys(ordered({ ...report, incidents: [] }, REPORT) as object).filter(
    (key) => record[key] !== undefined,
  );
  yield '{';
  for (const [n, key] of fields.entries()) {
    yield `${n === 0 ? '' : ','}\n  ${JSON.stringify(key)}: `;
    if (key !== 'incidents') {
      yield indented(ordered(record[key], REPORT.fields?.[key]), 1);
      continue;
    }
    if (report.incidents.length === 0) {
      yield '[]';
      continue;
    }
    let first = true;
    for (const incident of report.incidents) {
      yield `${first ? '[' : ','}\n    ${indented(ordered(incident, INCIDENT), 2)}`;
      first = false;
    }
    yield '\n  ]';
  }
  yield '\n}\n';
}

export function renderJson(report: ReportSource): string {
  return [...jsonChunks(report)].join('');
}

export const jsonWriter: ReportWriter = {
  id: 'json',
  fileName: 'incidents.json',
  title: 'Incidents as JSON (schemaVersion 1)',
  render: jsonChunks,
};
