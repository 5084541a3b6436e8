/**
 * `lurewatch intel import|stats|search`: the local intel store (`intel.db` in LUREWATCH_HOME)
 * that investigate checks every hash, name, URL, domain, address and sender against.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { formatProblem } from '../../core/problems.js';
import { UnknownIntelFormatError, intelFormats } from '../../intel/formats/index.js';
import { importIntel } from '../../intel/import.js';
import { attributionText } from '../../intel/model.js';
import { IntelStore } from '../../intel/store.js';
import { CliExit, loggerFor, type CliIO } from '../io.js';
import type { CliCommand } from '../program.js';

interface CommonOptions {
  format: string;
  quiet?: boolean;
  verbose?: boolean;
}

function homeOf(io: CliIO): string {
  return resolve(io.cwd, io.env['LUREWATCH_HOME'] ?? '.lurewatch');
}

function checkFormat(format: string): void {
  if (format !== 'table' && format !== 'json') {
    throw new CliExit(`--format is table or json, not '${format}'`, 2);
  }
}

function withStore<T>(io: CliIO, use: (store: IntelStore) => T): T {
  const store = new IntelStore(homeOf(io));
  try {
    return use(store);
  } finally {
    store.close();
  }
}

async function runImport(
  sources: string[],
  options: CommonOptions & { feed?: string },
  io: CliIO,
): Promise<void> {
  checkFormat(options.format);
  const logger = loggerFor(io, options);
  const store = new IntelStore(homeOf(io));
  try {
    const paths = sources.map((s) => resolve(io.cwd, s));
    const summary = await importIntel(paths, store, logger, {
      ...(options.feed ? { format: options.feed } : {}),
    });
    for (const p of summary.problems) logger.warn(formatProblem(p));
    if (options.format === 'json') {
      io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
      return;
    }
    for (const c of summary.collections) {
      const skipped = Object.values(c.skipped).reduce((a, b) => a + b, 0);
      io.stdout(
        `${c.format.padEnd(13)} ${c.title.slice(0, 70)}: ${c.indicators} indicators from ` +
          `${c.records} records (${skipped} not matchable)` +
          `${c.attribution.length ? `; ${c.attribution.slice(0, 5).join(', ')}` : ''}\n`,
      );
    }
    io.stdout(
      `${summary.files} files: ${summary.added} new indicators, ${summary.updated} refreshed, ` +
        `${summary.problems.length} problems\n`,
    );
  } catch (error) {
    if (error instanceof UnknownIntelFormatError) throw new CliExit(error.message, 2);
    throw error;
  } finally {
    store.close();
  }
}

function runStats(options: CommonOptions, io: CliIO): void {
  checkFormat(options.format);
  const stats = withStore(io, (store) => store.stats());
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify(stats, null, 2)}\n`);
    return;
  }
  io.stdout(`${stats.indicators} indicators, ${stats.attributed} with attribution\n`);
  for (const [type, n] of Object.entries(stats.byType)) io.stdout(`  ${type.padEnd(13)} ${n}\n`);
  io.stdout(`sources:\n`);
  for (const [source, n] of Object.entries(stats.bySource)) io.stdout(`  ${source} ${n}\n`);
  io.stdout(
    `patterns: ${stats.patterns.usable} evaluated, ${stats.patterns.unusable.length} kept but ` +
      `not evaluable; ${stats.sightings} indicators seen in incidents\n`,
  );
}

function runSearch(value: string, options: CommonOptions & { partial?: boolean }, io: CliIO): void {
  checkFormat(options.format);
  const matches = withStore(io, (store) =>
    store.search(value, { partial: Boolean(options.partial) }).map((i) => ({
      value: i.value,
      type: i.type,
      source: i.source,
      attribution: i.attribution,
      ...(i.ref ? { ref: i.ref } : {}),
      ...(i.firstSeen ? { firstSeen: i.firstSeen } : {}),
      ...(i.lastSeen ? { lastSeen: i.lastSeen } : {}),
      ...(i.confidence !== undefined ? { confidence: i.confidence } : {}),
      tags: i.tags,
      sightings: store.sightingsOf(i.type, i.value),
    })),
  );
  if (options.format === 'json') {
    io.stdout(`${JSON.stringify({ matches }, null, 2)}\n`);
    return;
  }
  if (matches.length === 0) io.stdout(`${value}: not in the intel store\n`);
  for (const m of matches) {
    const who = attributionText(m.attribution);
    io.stdout(
      `${m.type} ${m.value} from ${m.source}${who ? ` (${who})` : ''}` +
        `${m.sightings.length ? `, seen in ${m.sightings.length} incidents` : ''}\n`,
    );
  }
}

const formatOption = (cmd: Command): Command =>
  cmd
    .option('-f, --format <format>', 'stdout: table or json', 'table')
    .option('-q, --quiet', 'only errors on stderr')
    .option('-v, --verbose', 'debug logging on stderr');

export const intelCommand: CliCommand = {
  name: 'intel',
  register(program: Command, io: CliIO) {
    const intel = program
      .command('intel')
      .description('Keep threat intelligence in the local store (intel.db in LUREWATCH_HOME)');
    formatOption(
      intel
        .command('import')
        .description('Import MISP events or feeds, STIX 2.1 bundles, abuse.ch exports, lists')
        .argument('<sources...>', 'files or folders (a MISP feed folder has manifest.json)')
        .option(
          '--feed <format>',
          `read every file as this format: ${intelFormats()
            .map((f) => f.id)
            .join(', ')}`,
        )
        .addHelpText(
          'after',
          '\nExamples:\n  lurewatch intel import misp-feed/ apt1.json\n' +
            '  lurewatch intel import --feed threatfox full.csv\n',
        ),
    ).action(async (sources: string[], options: CommonOptions & { feed?: string }) =>
      runImport(sources, options, io),
    );
    formatOption(intel.command('stats').description('Count indicators by type and source')).action(
      (options: CommonOptions) => runStats(options, io),
    );
    formatOption(
      intel
        .command('search')
        .description('Find an indicator value, with its sources, attribution and sightings')
        .argument('<value>', 'hash, file name, URL, domain, address or email address')
        .option('--partial', 'match values that contain VALUE'),
    ).action((value: string, options: CommonOptions & { partial?: boolean }) =>
      runSearch(value, options, io),
    );
  },
};
