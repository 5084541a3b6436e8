import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chmod, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { collectingLogger } from '../core/logger.js';
import { sampleReport } from '../testing/incident-report.js';
import { renderHtml } from './html.js';
import { renderJson } from './json.js';
import { renderMarkdown } from './markdown.js';
import { REPORT_WRITERS, UnknownReportError, reportWriter } from './registry.js';
import { writeReports } from './write.js';

async function withTempDir(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'lurewatch-report-'));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('writeReports creates the folder and writes the three reports, 0644, nothing else', () =>
  withTempDir(async (dir) => {
    const out = join(dir, 'nested', 'out');
    const report = sampleReport();
    const logger = collectingLogger();
    const written = await writeReports(report, out, logger);

    assert.deepEqual(
      written.map((w) => w.id),
      ['json', 'markdown', 'html'],
    );
    assert.deepEqual((await readdir(out)).sort(), ['incidents.json', 'report.html', 'report.md']);
    assert.equal(await readFile(join(out, 'incidents.json'), 'utf8'), renderJson(report));
    assert.equal(await readFile(join(out, 'report.md'), 'utf8'), renderMarkdown(report));
    assert.equal(await readFile(join(out, 'report.html'), 'utf8'), renderHtml(report));
    for (const name of ['incidents.json', 'report.md', 'report.html']) {
      assert.equal((await stat(join(out, name))).mode & 0o777, 0o644, name);
    }
    const done = logger.records.find((r) => r.message === 'reports written');
    assert.deepEqual(done?.fields, { dir: out, files: 3 });
  }));

test('an earlier report is replaced, and its mode reset to 0644', () =>
  withTempDir(async (dir) => {
    await writeFile(join(dir, 'report.md'), 'old report');
    await chmod(join(dir, 'report.md'), 0o700);
    await writeReports(sampleReport(), dir, collectingLogger());
    assert.equal((await stat(join(dir, 'report.md'))).mode & 0o777, 0o644);
    assert.match(await readFile(join(dir, 'report.md'), 'utf8'), /^# Lurewatch incident report/);
  }));

test('a writer that fails leaves no temporary file behind', () =>
  withTempDir(async (dir) => {
    const failing = {
      id: 'broken',
      fileName: 'broken.txt',
      title: 'fails while rendering',
      render: (): string => {
        throw new Error('render failed');
      },
    };
    await assert.rejects(
      writeReports(sampleReport(), dir, collectingLogger(), [REPORT_WRITERS[0]!, failing]),
      /render failed/,
    );
    assert.deepEqual(await readdir(dir), ['incidents.json']);
  }));

test('writers are looked up by id; an unknown id names the known ones', () => {
  assert.equal(reportWriter('markdown').fileName, 'report.md');
  assert.throws(
    () => reportWriter('pdf'),
    (error: unknown) =>
      error instanceof UnknownReportError &&
      error.message === "unknown report 'pdf'; known reports: json, markdown, html",
  );
});
