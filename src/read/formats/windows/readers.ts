/**
 * The three readers of Windows events as JSON. They share the record splitter and the
 * normaliser; they differ in how a record is recognised and reduced to a `WinRecord`.
 */
import { problem } from '../../../core/problems.js';
import { normaliseWindows } from '../../../normalise/windows/index.js';
import { jsonRecordsAuto } from '../../json-records.js';
import type { FormatReader, InputSource, ReadContext, ReadItem, SniffSample } from '../../types.js';
import { SHAPES, type WinShape } from './records.js';

/** The first complete line of the sample, parsed, when the sample is JSON lines. */
function firstLineRecord(head: Buffer): unknown {
  const text = head.toString('utf8');
  const start = text.search(/\S/);
  if (start === -1 || text[start] !== '{') return undefined;
  const end = text.indexOf('\n', start);
  if (end === -1) return undefined;
  try {
    return JSON.parse(text.slice(start, end)) as unknown;
  } catch {
    return undefined;
  }
}

interface ShapeSpec {
  id: WinShape;
  title: string;
  signature: string;
  /** Markers that identify the shape in pretty-printed text when no single line parses. */
  markers: RegExp[];
}

const SPECS: ShapeSpec[] = [
  {
    id: 'evtx-json',
    title: 'Windows events as evtx_dump JSON (Event.System, #attributes)',
    signature: '{"Event":{"#attributes":...,"System":{"EventID":1,...},"EventData":{...}}}',
    markers: [/"Event"\s*:\s*\{/, /"System"\s*:\s*\{/, /"EventID"/],
  },
  {
    id: 'winevent-flat',
    title: 'Windows events as flat JSON (EventData fields at top level)',
    signature: '{"EventID":4688,"Channel":"Security","Hostname":...,"NewProcessName":...}',
    markers: [/"EventID"\s*:/, /"Channel"\s*:/],
  },
  {
    id: 'winlogbeat',
    title: 'Windows events from Winlogbeat or Elastic Agent (ECS, winlog.*)',
    signature: '{"@timestamp":...,"winlog":{"channel":...,"event_id":...,"event_data":{...}}}',
    markers: [/"winlog"\s*:\s*\{/, /"event_id"\s*:/],
  },
];

function sniffShape(spec: ShapeSpec, sample: SniffSample): number {
  const record = firstLineRecord(sample.head);
  if (record !== undefined) return SHAPES[spec.id](record) ? 90 : 0;
  const text = sample.head.toString('utf8');
  if (!/^\s*[[{]/.test(text)) return 0;
  if (!spec.markers.every((marker) => marker.test(text))) return 0;
  // The flat markers also occur inside the other two shapes; rank it below them.
  return spec.id === 'winevent-flat' && /"(Event|winlog)"\s*:\s*\{/.test(text) ? 0 : 60;
}

async function* readShape(
  spec: ShapeSpec,
  input: InputSource,
  ctx: ReadContext,
): AsyncIterable<ReadItem> {
  const toRecord = SHAPES[spec.id];
  for await (const item of jsonRecordsAuto(input.chunks(), ctx.limits.maxRecordBytes)) {
    const location = `line ${item.line}`;
    if (item.kind === 'error') {
      yield { kind: 'problem', problem: problem(input.name, location, item.code, item.message) };
      continue;
    }
    const record = toRecord(item.value);
    if (!record) {
      const message = `not a Windows event in the ${spec.id} shape`;
      yield { kind: 'problem', problem: problem(input.name, location, 'bad-record', message) };
      continue;
    }
    const result = normaliseWindows(record, spec.id, input.name, location, item.value);
    if (result.kind === 'event') yield result;
    else
      yield {
        kind: 'problem',
        problem: problem(input.name, location, result.code, result.message),
      };
  }
}

export const windowsReaders: FormatReader[] = SPECS.map((spec) => ({
  id: spec.id,
  title: spec.title,
  source: 'edr',
  signature: spec.signature,
  sniff: (sample) => sniffShape(spec, sample),
  read: (input, ctx) => readShape(spec, input, ctx),
}));
