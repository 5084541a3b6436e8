/**
 * Runs SigmaHQ's regression tests: each `info.yml` under `regression_data` names a rule and a
 * sample (evtx_dump JSON beside the EVTX) and how many times the rule must match on it.
 */
import { createReadStream } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { parse } from 'yaml';
import { readEvtx } from '../../../read/evtx/index.js';
import { jsonRecords } from '../../../read/json-records.js';
import { SigmaEngine } from '../engine.js';
import { toSigmaEvent } from '../event.js';
import type { DetectionRule } from '../model.js';

export interface RegressionCase {
  name: string;
  ruleId: string;
  sample: string;
  /** The count the rule must reach at least (1 when the test gives none). */
  matchCount: number;
}

export interface RegressionResult extends RegressionCase {
  found: boolean;
  matches: number;
}

async function* infoFiles(dir: string): AsyncIterable<string> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* infoFiles(path);
    else if (entry.name === 'info.yml') yield path;
  }
}

export interface RegressionSet {
  cases: RegressionCase[];
  /** Test folders whose info.yml defines no runnable test. */
  withoutTest: string[];
}

export async function regressionCases(root: string): Promise<RegressionSet> {
  const cases: RegressionCase[] = [];
  const withoutTest: string[] = [];
  for await (const file of infoFiles(root)) {
    const info = parse(await readFile(file, 'utf8')) as {
      rule_metadata?: { id?: string }[];
      regression_tests_info?: { match_count?: number; path?: string }[];
    };
    const ruleId = info.rule_metadata?.[0]?.id;
    const test = info.regression_tests_info?.[0];
    if (!ruleId || !test?.path) {
      withoutTest.push(relative(root, dirname(file)));
      continue;
    }
    const base =
      test.path
        .split('/')
        .pop()
        ?.replace(/\.evtx$/, '.json') ?? '';
    cases.push({
      name: relative(root, dirname(file)),
      ruleId,
      sample: join(dirname(file), base),
      matchCount: test.match_count ?? 1,
    });
  }
  cases.sort((a, b) => a.name.localeCompare(b.name));
  return { cases, withoutTest: withoutTest.sort() };
}

/** The sample's records as evtx_dump JSON objects: from the `.json` file or the `.evtx` beside it. */
async function* sampleRecords(sample: string, form: 'json' | 'evtx'): AsyncIterable<unknown> {
  if (form === 'json') {
    for await (const item of jsonRecords(createReadStream(sample), 8 << 20)) {
      if (item.kind === 'record') yield item.value;
    }
    return;
  }
  const path = sample.replace(/\.json$/, '.evtx');
  const input = { name: path, path, chunks: () => createReadStream(path) };
  for await (const item of readEvtx(input, { workers: 0 })) {
    if (item.kind === 'record') yield item.value;
  }
}

export async function runRegressionCase(
  test: RegressionCase,
  rules: ReadonlyMap<string, DetectionRule>,
  form: 'json' | 'evtx' = 'json',
): Promise<RegressionResult> {
  const rule = rules.get(test.ruleId);
  if (!rule) return { ...test, found: false, matches: 0 };
  const engine = new SigmaEngine([rule]);
  let matches = 0;
  for await (const value of sampleRecords(test.sample, form)) {
    const event = toSigmaEvent(value);
    if (event) matches += engine.evaluate(event).length;
  }
  return { ...test, found: true, matches };
}
