/**
 * One hunt worker thread: loads the same rules as the main thread, reads whole inputs it is
 * handed (parsing included, which is where the time goes) and sends back each match with the
 * fields correlations need. Rules are named by their index in the shared load order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { SigmaEngine } from './engine.js';
import { correlationFields } from './hunt.js';
import { loadRules } from './loader.js';
import type { DetectionRule } from './model.js';
import { sigmaRecords } from './records.js';
import type { WorkerReply, WorkerSetup } from './parallel.js';

const port = parentPort;
if (!port) throw new Error('hunt-worker runs only as a worker thread');

const setup = workerData as WorkerSetup;
const loaded = await loadRules(setup.rulePaths, { placeholders: new Map(setup.placeholders) });
const index = new Map(loaded.rules.map((rule, i) => [rule, i]));
const engine = new SigmaEngine(
  loaded.rules.filter((r): r is DetectionRule => r.kind === 'detection'),
);
const observed = correlationFields(loaded.rules);
const send = (reply: WorkerReply): void => port.postMessage(reply);

port.on('message', (path: string) => {
  void (async () => {
    let events = 0;
    for await (const item of sigmaRecords([path])) {
      if (item.kind === 'problem') {
        send({ kind: 'problem', problem: item.problem });
        continue;
      }
      events += 1;
      const { event, input, location } = item.record;
      for (const match of engine.evaluate(event)) {
        const fields = Object.fromEntries(observed.map((f) => [f, match.get(f)]));
        const rule = index.get(match.rule) as number;
        send({
          kind: 'match',
          rule,
          input,
          location,
          time: event.time,
          fields: match.fields,
          observed: fields,
        });
      }
    }
    send({ kind: 'done', events });
  })();
});
send({ kind: 'ready', rules: loaded.rules.length });
