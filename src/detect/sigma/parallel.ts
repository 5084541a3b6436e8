/**
 * Hunting with worker threads: each worker reads, parses and evaluates whole inputs (files,
 * or one zip each), and the main thread reports alerts and runs the correlations, which need
 * every match in one place. Pays when there are several inputs and more than one core; the
 * workers each compile the rules, which costs seconds for the full SigmaHQ set.
 */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Problem } from '../../core/problems.js';
import type { DetectionMatch } from './engine.js';
import type { Hunt, HuntItem } from './hunt.js';
import type { DetectionRule, SigmaRule } from './model.js';

export interface WorkerSetup {
  rulePaths: readonly string[];
  placeholders: [string, readonly string[]][];
}

export type WorkerReply =
  | { kind: 'ready'; rules: number }
  | {
      kind: 'match';
      rule: number;
      input: string;
      location: string;
      time: number | undefined;
      fields: Record<string, unknown>;
      observed: Record<string, unknown>;
    }
  | { kind: 'problem'; problem: Problem }
  | { kind: 'done'; events: number };

// Files visited below the inputs; the same bound as input expansion uses.
const MAX_UNITS = 100_000;

/** The inputs as units of work: directories are walked, everything else is one unit. */
async function units(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const visit = async (path: string, depth: number): Promise<void> => {
    if (out.length >= MAX_UNITS || depth > 16) return;
    const info = await stat(path).catch(() => undefined);
    if (!info?.isDirectory()) {
      out.push(path);
      return;
    }
    const entries = (await readdir(path)).filter((name) => !name.startsWith('.')).sort();
    for (const name of entries) await visit(join(path, name), depth + 1);
  };
  for (const path of paths) await visit(path, 0);
  return out;
}

export async function* huntInParallel(
  hunt: Hunt,
  rules: readonly SigmaRule[],
  inputs: readonly string[],
  setup: WorkerSetup & { workers: number },
): AsyncIterable<HuntItem> {
  const queue = await units(inputs);
  const count = Math.max(1, Math.min(setup.workers, queue.length));
  const replies: WorkerReply[] = [];
  let wake: (() => void) | undefined;
  let failure: Error | undefined;
  const busy = new Set<Worker>();
  const workers = Array.from({ length: count }, () => {
    const worker = new Worker(new URL('./hunt-worker.js', import.meta.url), {
      workerData: { rulePaths: setup.rulePaths, placeholders: setup.placeholders },
    });
    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'ready' && reply.rules !== rules.length) {
        failure = new Error(
          `a worker loaded ${reply.rules} rules, the main thread ${rules.length}`,
        );
      }
      if (reply.kind === 'ready' || reply.kind === 'done') {
        const next = queue.shift();
        if (next === undefined) busy.delete(worker);
        else worker.postMessage(next);
      }
      replies.push(reply);
      wake?.();
    });
    worker.on('error', (error) => {
      failure = error;
      wake?.();
    });
    busy.add(worker);
    return worker;
  });

  try {
    while (busy.size > 0 || replies.length > 0) {
      if (failure) throw failure;
      const reply = replies.shift();
      if (!reply) {
        await new Promise<void>((resolve) => (wake = resolve));
        continue;
      }
      if (reply.kind === 'problem') {
        hunt.summary.problems += 1;
        yield { kind: 'problem', problem: reply.problem };
      } else if (reply.kind === 'done') hunt.summary.events += reply.events;
      else if (reply.kind === 'match')
        yield* hunt.matched(rebuild(reply, rules), reply.input, reply.location);
    }
    yield* hunt.finish();
  } finally {
    await Promise.all(workers.map((worker) => worker.terminate()));
  }
}

function rebuild(
  reply: Extract<WorkerReply, { kind: 'match' }>,
  rules: readonly SigmaRule[],
): DetectionMatch {
  const observed = reply.observed;
  const get = (field: string): unknown => observed[field];
  return {
    rule: rules[reply.rule] as DetectionRule,
    event: { get, values: () => [], ...(reply.time !== undefined ? { time: reply.time } : {}) },
    fields: reply.fields,
    get,
  };
}
