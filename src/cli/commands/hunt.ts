/**
 * `lurewatch hunt --rules DIR... INPUT...`: runs Sigma rules over exported logs and prints one
 * line per alert. Results go to stdout; progress, problems and the summary go to stderr.
 */
import type { Command } from 'commander';
import { formatProblem } from '../../core/problems.js';
import { Hunt } from '../../detect/sigma/hunt.js';
import { LEVELS, loadRules, type Level } from '../../detect/sigma/index.js';
import { ALERT_FORMATS } from '../../detect/sigma/output.js';
import { huntInParallel } from '../../detect/sigma/parallel.js';
import { sigmaRecords } from '../../detect/sigma/records.js';
import { CliExit, loggerFor, type CliIO } from '../io.js';
import type { CliCommand } from '../program.js';
import { loadPlaceholders } from './placeholders.js';

interface HuntOptions {
  rules: string[];
  format: string;
  minLevel?: string;
  placeholders?: string;
  quiet?: boolean;
  verbose?: boolean;
  workers: string;
}

export const huntCommand: CliCommand = {
  name: 'hunt',
  register(program: Command, io: CliIO) {
    program
      .command('hunt')
      .description('Run Sigma rules over Windows logs (.evtx, evtx_dump JSON, flat event JSON)')
      .argument('<inputs...>', 'files, directories, zip or gzip containers')
      // One path per --rules, repeated: a variadic option would swallow the inputs after it.
      .requiredOption(
        '-r, --rules <path>',
        'Sigma rule file or directory (repeat for more)',
        (path: string, previous: string[] = []) => [...previous, path],
      )
      .option('--format <format>', `output: ${Object.keys(ALERT_FORMATS).join(', ')}`, 'table')
      .option('--min-level <level>', `lowest level reported: ${LEVELS.join(', ')}`)
      .option('--placeholders <file>', 'YAML map of %placeholder% names to value lists')
      .option('--workers <n>', 'worker threads, each reading whole inputs (1: none)', '1')
      .option('-q, --quiet', 'only errors on stderr')
      .option('-v, --verbose', 'debug logging')
      .addHelpText(
        'after',
        '\nExamples:\n' +
          '  lurewatch hunt -r rules/lurewatch -r ../sigma/rules/windows logs/ --min-level high\n' +
          '  lurewatch hunt -r rules/ --format jsonl export.zip > alerts.jsonl\n',
      )
      .action(async (inputs: string[], options: HuntOptions) => {
        const format = ALERT_FORMATS[options.format];
        if (!format || !Object.hasOwn(ALERT_FORMATS, options.format)) {
          const known = Object.keys(ALERT_FORMATS).join(', ');
          throw new CliExit(`unknown format '${options.format}' (known: ${known})`, 2);
        }
        const minLevel = options.minLevel?.toLowerCase();
        if (minLevel !== undefined && !LEVELS.includes(minLevel as Level)) {
          throw new CliExit(`unknown level '${minLevel}' (known: ${LEVELS.join(', ')})`, 2);
        }
        const logger = loggerFor(io, options);
        const placeholders = await loadPlaceholders(options.placeholders);
        const loaded = await loadRules(options.rules, { placeholders, logger });
        for (const r of loaded.rejected)
          logger.warn('rule rejected', { file: `${r.file}:${r.line}`, reason: r.reason });
        if (loaded.rules.length === 0) throw new CliExit('no rule could be loaded', 2);

        const hunt = new Hunt(loaded.rules, {
          logger,
          ...(minLevel ? { minLevel: minLevel as Level } : {}),
        });
        if (format.header) io.stdout(format.header());
        const workers = Number(options.workers);
        if (!Number.isInteger(workers) || workers < 1 || workers > 64) {
          throw new CliExit(`--workers must be a whole number from 1 to 64`, 2);
        }
        const items =
          workers > 1
            ? huntInParallel(hunt, loaded.rules, inputs, {
                rulePaths: options.rules,
                placeholders: [...placeholders],
                workers,
              })
            : hunt.run(sigmaRecords(inputs));
        for await (const item of items) {
          if (item.kind === 'alert') io.stdout(format.row(item.alert));
          else logger.warn(formatProblem(item.problem));
        }
        const { events, alerts, problems } = hunt.summary;
        logger.info('hunt finished', { events, alerts, problems });
      });
  },
};
