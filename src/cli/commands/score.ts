/**
 * `lurewatch score --truth truth.json incidents.json`: recall per planted variant, precision
 * of escalations and false escalations, as a Markdown table or JSON.
 */
import type { Command } from 'commander';
import { resolve } from 'node:path';
import { LurewatchError } from '../../core/problems.js';
import { loadIncidents, loadTruth, renderScore, score } from '../../score/index.js';
import { CliExit, type CliIO } from '../io.js';
import type { CliCommand } from '../program.js';

interface Options {
  truth: string;
  format: string;
  elapsedMs?: string;
  peakRssMb?: string;
}

function optionalNumber(name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0)
    throw new CliExit(`--${name} wants a number, got '${text}'`, 2);
  return value;
}

async function run(incidentsPath: string, options: Options, io: CliIO): Promise<void> {
  if (options.format !== 'table' && options.format !== 'json') {
    throw new CliExit(`--format is table or json, not '${options.format}'`, 2);
  }
  const elapsedMs = optionalNumber('elapsed-ms', options.elapsedMs);
  const peakRssMb = optionalNumber('peak-rss-mb', options.peakRssMb);
  let result;
  try {
    const truth = await loadTruth(resolve(io.cwd, options.truth));
    const report = await loadIncidents(resolve(io.cwd, incidentsPath));
    result = score(truth, report, {
      ...(elapsedMs !== undefined ? { elapsedMs } : {}),
      ...(peakRssMb !== undefined ? { peakRssMb } : {}),
    });
  } catch (error) {
    if (error instanceof LurewatchError) throw new CliExit(error.message, 1);
    throw error;
  }
  io.stdout(
    options.format === 'json' ? `${JSON.stringify(result, null, 2)}\n` : renderScore(result),
  );
}

export const scoreCommand: CliCommand = {
  name: 'score',
  register(program: Command, io: CliIO) {
    program
      .command('score')
      .description("Compare an investigation's incidents with a simulation's truth.json")
      .argument('<incidents>', 'incidents.json written by investigate')
      .requiredOption('--truth <file>', 'truth.json written by simulate')
      .option('-f, --format <format>', 'stdout: table (Markdown) or json', 'table')
      .option('--elapsed-ms <n>', 'time investigate took, to report events per second')
      .option('--peak-rss-mb <n>', 'peak memory investigate used, to report beside the scores')
      .addHelpText(
        'after',
        '\nExamples:\n  lurewatch score --truth sim/truth.json out/incidents.json\n' +
          '  lurewatch score --truth sim/truth.json out/incidents.json --format json\n',
      )
      .action(async (incidents: string, options: Options) => run(incidents, options, io));
  },
};
