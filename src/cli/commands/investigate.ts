/**
 * `lurewatch investigate INPUT...`: the main job. Results go to stdout (a table, or the
 * incidents.json document with `--format json`) and to files in `--out`; logs to stderr.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { LurewatchError } from '../../core/problems.js';
import { DEFAULT_SETTINGS, parseDuration, withSettings } from '../../core/settings.js';
import {
  LIVE_CONNECTORS,
  LookupQueue,
  configuredConnectors,
} from '../../intel/connectors/index.js';
import { investigateToDisk } from '../../investigate/run.js';
import { defaultRegistry } from '../../read/formats/index.js';
import { UnknownFormatError } from '../../read/registry.js';
import { jsonChunks, renderSummary, writeReports } from '../../report/index.js';
import { CliExit, loggerFor, type CliIO } from '../io.js';
import type { CliCommand } from '../program.js';
import { progressLine } from '../progress.js';

interface Options {
  out?: string;
  format: string;
  inputFormat?: string;
  ioc: string[];
  clockOffset: string[];
  clockEstimate: boolean;
  strict?: boolean;
  quiet?: boolean;
  verbose?: boolean;
  store: boolean;
  samples?: string;
  rules: string[];
  defaultRules: boolean;
  analyze: boolean;
  live: boolean;
}

/** The variables that turn live look-ups on, named in `--help`. */
const LIVE_KEYS = LIVE_CONNECTORS.flatMap((c) => c.env[0] ?? []).join(', ');

const collect = (value: string, previous: string[]): string[] => [...previous, value];

function parseOffsets(specs: string[]): Record<string, number> {
  const offsets: Record<string, number> = {};
  for (const spec of specs) {
    const eq = spec.indexOf('=');
    const ms = eq > 0 ? parseDuration(spec.slice(eq + 1)) : undefined;
    if (eq <= 0 || ms === undefined) {
      throw new CliExit(
        `--clock-offset wants SOURCE=DURATION such as zeek-tsv=-19h, got '${spec}'`,
        2,
      );
    }
    offsets[spec.slice(0, eq)] = ms;
  }
  return offsets;
}

async function run(inputs: string[], options: Options, io: CliIO): Promise<void> {
  if (options.format !== 'table' && options.format !== 'json') {
    throw new CliExit(`--format is table or json, not '${options.format}'`, 2);
  }
  const logger = loggerFor(io, options);
  const registry = defaultRegistry();
  if (options.inputFormat) {
    try {
      registry.get(options.inputFormat);
    } catch (error) {
      if (error instanceof UnknownFormatError) throw new CliExit(error.message, 2);
      throw error;
    }
  }
  const settings = withSettings({
    clockOffsets: { ...DEFAULT_SETTINGS.clockOffsets, ...parseOffsets(options.clockOffset) },
    estimateClocks: options.clockEstimate,
  });
  const progress = progressLine(io.stderr, io.interactive && !options.quiet);
  const lurewatchHome = resolve(io.cwd, io.env['LUREWATCH_HOME'] ?? '.lurewatch');
  const home = options.store ? lurewatchHome : undefined;
  const connectors = options.live ? configuredConnectors(io.env) : [];
  if (connectors.length > 0) {
    logger.info('live intel look-ups on', { connectors: connectors.map((c) => c.id).join(',') });
  }
  let result;
  try {
    result = await investigateToDisk({
      inputs,
      registry,
      settings,
      logger,
      ...(options.inputFormat ? { format: options.inputFormat } : {}),
      iocFiles: options.ioc,
      strict: Boolean(options.strict),
      analyzeMail: options.analyze,
      rules: options.rules.map((path) => resolve(io.cwd, path)),
      defaultRules: options.defaultRules,
      ...(options.samples ? { samplesDir: resolve(io.cwd, options.samples) } : {}),
      ...(home ? { home } : {}),
      intelHome: lurewatchHome,
      ...(connectors.length > 0 ? { live: new LookupQueue(connectors, logger) } : {}),
      onProgress: (p) => progress.update(`reading: ${p.inputs} inputs, ${p.events} events`),
    });
  } catch (error) {
    progress.done();
    if (error instanceof LurewatchError) throw new CliExit(error.message, 1);
    throw error;
  }
  progress.done();
  try {
    if (options.out) {
      await writeReports(result.report, resolve(io.cwd, options.out), logger);
    }
    if (options.format === 'json') {
      // Incident by incident: a long run's document is never held whole.
      for (const piece of jsonChunks(result.report)) io.stdout(piece);
    } else {
      const summary = renderSummary(result.report, {
        color: io.stdoutIsTerminal,
        columns: io.columns,
      });
      io.stdout(summary.endsWith('\n') ? summary : `${summary}\n`);
    }
  } finally {
    result.close();
  }
}

export const investigateCommand: CliCommand = {
  name: 'investigate',
  register(program: Command, io: CliIO) {
    program
      .command('investigate')
      .description(
        'Read exported logs and build triaged incidents of users running delivered files',
      )
      .argument('<inputs...>', 'log files, folders, .zip or .gz archives')
      .option('-o, --out <dir>', 'write incidents.json, report.md and report.html here')
      .option('-f, --format <format>', 'stdout: table or json', 'table')
      .option('--input-format <reader>', 'read every input with this reader instead of sniffing')
      .option(
        '--ioc <file>',
        'known-bad indicators, one a line, "# label" names a campaign (besides intel.db)',
        collect,
        [],
      )
      .option(
        '--clock-offset <source=duration>',
        'shift a reader or source kind clock, e.g. zeek-tsv=-19h',
        collect,
        [],
      )
      .option('-r, --rules <path>', 'Sigma rules (file or folder) to add; repeatable', collect, [])
      .option('--no-default-rules', "do not load Lurewatch's own Sigma rules")
      .option('--samples <dir>', 'delivered files (named by hash or name) to analyse statically')
      .option('--no-analyze', 'do not take email attachments apart')
      .option(
        '--no-clock-estimate',
        'do not estimate source clock offsets from events two sources both saw',
      )
      .option('--strict', 'stop at the first bad input instead of counting it')
      .option('--no-store', 'do not keep incidents in the case store (LUREWATCH_HOME)')
      .option('--no-live', `no live intel look-ups even when configured (${LIVE_KEYS})`)
      .option('-q, --quiet', 'only errors on stderr')
      .option('-v, --verbose', 'debug logging on stderr')
      .addHelpText(
        'after',
        '\nExamples:\n  lurewatch investigate examples/scenario --out out/demo\n' +
          '  lurewatch investigate logs/ --ioc bad-hashes.txt --format json > incidents.json\n' +
          '  lurewatch investigate host.zip zeek.zip --clock-offset zeek-tsv=-19h\n' +
          '  lurewatch investigate host.zip zeek.zip --no-clock-estimate\n',
      )
      .action(async (inputs: string[], options: Options) => run(inputs, options, io));
  },
};
