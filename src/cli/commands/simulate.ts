/**
 * `lurewatch simulate`: writes a seeded organisation's logs, with planted attack chains and
 * benign look-alikes, and the `truth.json` that `lurewatch score` compares incidents with.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { VARIANTS, variantNamed } from '../../simulate/attacks/index.js';
import type { Variant } from '../../simulate/attacks/types.js';
import { DEFAULT_SIMULATION, simulate } from '../../simulate/run.js';
import { CliExit, loggerFor, type CliIO } from '../io.js';
import type { CliCommand } from '../program.js';
import { progressLine } from '../progress.js';

interface Options {
  users: string;
  days: string;
  seed: string;
  out: string;
  start: string;
  rate: string;
  minEach: string;
  dropRate: string;
  variants?: string;
  quiet?: boolean;
  verbose?: boolean;
}

// The address plan gives each workstation one of 250 addresses in 256 subnets.
const MAX_USERS = 60_000;
const MAX_DAYS = 366;

function number(name: string, text: string, min: number, max: number): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new CliExit(`--${name} wants a number from ${min} to ${max}, got '${text}'`, 2);
  }
  return value;
}

function variants(list: string | undefined): readonly Variant[] {
  if (!list) return VARIANTS;
  return list.split(',').map((name) => {
    const variant = variantNamed(name.trim());
    if (!variant) {
      const known = VARIANTS.map((v) => v.name).join(', ');
      throw new CliExit(`unknown variant '${name}'; known: ${known}`, 2);
    }
    return variant;
  });
}

function run(options: Options, io: CliIO): void {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(options.start) || Number.isNaN(Date.parse(options.start))) {
    throw new CliExit(`--start wants YYYY-MM-DD, got '${options.start}'`, 2);
  }
  const logger = loggerFor(io, options);
  const progress = progressLine(io.stderr, io.interactive && !options.quiet);
  const truth = simulate({
    users: Math.floor(number('users', options.users, 1, MAX_USERS)),
    days: Math.floor(number('days', options.days, 1, MAX_DAYS)),
    seed: options.seed,
    out: resolve(io.cwd, options.out),
    start: options.start,
    rate: number('rate', options.rate, 0, 1000),
    minEach: Math.floor(number('min-each', options.minEach, 0, 1000)),
    dropRate: number('drop-rate', options.dropRate, 0, 0.5),
    variants: variants(options.variants),
    logger,
    onProgress: (p) => progress.update(`simulating: day ${p.day}, ${p.events} events`),
  });
  progress.done();
  const chains = truth.entries.filter((e) => e.malicious && e.executed).length;
  io.stdout(
    `wrote ${truth.events} events (${Object.entries(truth.counts)
      .map(([k, v]) => `${k} ${v}`)
      .join(', ')}) and ${truth.entries.length} planted chains ` +
      `(${chains} executed lures) to ${options.out}\n`,
  );
}

export const simulateCommand: CliCommand = {
  name: 'simulate',
  register(program: Command, io: CliIO) {
    program
      .command('simulate')
      .description('Write labelled synthetic logs of an organisation, with planted lure chains')
      .requiredOption('-o, --out <dir>', 'folder for the logs and truth.json')
      .option('--users <n>', 'people, one workstation each', '200')
      .option('--days <n>', 'days to simulate', '1')
      .option('--seed <text>', 'the same seed writes the same bytes', 'lurewatch')
      .option('--start <date>', 'first day, YYYY-MM-DD (UTC)', DEFAULT_SIMULATION.start)
      .option(
        '--rate <n>',
        'chains of each variant per 1,000 user working days',
        String(DEFAULT_SIMULATION.rate),
      )
      .option(
        '--min-each <n>',
        'plant every variant at least this often',
        String(DEFAULT_SIMULATION.minEach),
      )
      .option(
        '--drop-rate <p>',
        'share of records each collector loses',
        String(DEFAULT_SIMULATION.dropRate),
      )
      .option(
        '--variants <list>',
        `comma-separated subset of: ${VARIANTS.map((v) => v.name).join(', ')}`,
      )
      .option('-q, --quiet', 'only errors on stderr')
      .option('-v, --verbose', 'debug logging on stderr')
      .addHelpText(
        'after',
        '\nExamples:\n  lurewatch simulate --users 300 --days 1 --seed 7 --out sim/\n' +
          '  lurewatch investigate sim/logs --no-store --format json > incidents.json\n' +
          '  lurewatch score --truth sim/truth.json incidents.json\n',
      )
      .action((options: Options) => run(options, io));
  },
};
