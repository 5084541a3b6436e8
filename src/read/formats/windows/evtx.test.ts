import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '../../../core/logger.js';
import { withSettings } from '../../../core/settings.js';
import { investigate } from '../../../investigate/run.js';
import type { LwEvent } from '../../../model/event.js';
import { sharedData } from '../../../testing/data.js';
import { readAll } from '../../read-all.js';
import { DEFAULT_READ_LIMITS } from '../../types.js';
import { defaultRegistry } from '../index.js';

async function events(path: string): Promise<LwEvent[]> {
  const out: LwEvent[] = [];
  const context = { logger: silentLogger, limits: DEFAULT_READ_LIMITS };
  for await (const item of readAll([path], { registry: defaultRegistry(), context })) {
    if (item.kind === 'event') out.push(item.event);
  }
  return out;
}

/** The event without where it was read from, which is all that may differ. */
function content(event: LwEvent): unknown {
  const { lurewatch, ...rest } = event;
  return { ...rest, id: lurewatch.id, source: lurewatch.source };
}

test('an .evtx file and its evtx_dump JSON give the same events, ids included', async () => {
  const name = ['Execution', 'sysmon_1_11_rundll32_cpl_ostap'];
  const binary = await events(sharedData('evtx', 'attack-samples', name[0]!, `${name[1]}.evtx`));
  const json = await events(
    sharedData('evtx', 'golden', 'attack-samples', name[0]!, `${name[1]}.jsonl`),
  );
  assert.equal(binary.length, 5);
  assert.deepEqual(binary.map(content), json.map(content));
  assert.equal(binary[0]?.lurewatch.format, 'evtx');
  assert.match(binary[0]?.lurewatch.location ?? '', /^record \d+ \(chunk 0, offset 0x[0-9a-f]+\)$/);
});

test('investigate reads .evtx: the maldoc sample opens stats.doc and runs an HTA', async () => {
  const { report } = await investigate({
    inputs: [
      sharedData(
        'evtx',
        'attack-samples',
        'Other',
        'maldoc_mshta_via_shellbrowserwind_rundll32.evtx',
      ),
    ],
    registry: defaultRegistry(),
    settings: withSettings({}),
    logger: silentLogger,
  });
  assert.deepEqual(report.incidents.map((i) => i.file.name).sort(), [
    'memViewData.hta',
    'stats.doc',
  ]);
  assert.deepEqual(report.stats.problems, []);
});
