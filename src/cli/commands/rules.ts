/**
 * `lurewatch rules check DIR...`: loads Sigma rules and reports every one that cannot load,
 * with file, line and reason. Exits 1 when any rule is rejected.
 */
import type { Command } from 'commander';
import { loadRules } from '../../detect/sigma/index.js';
import { CliExit, loggerFor, type CliIO } from '../io.js';
import type { CliCommand } from '../program.js';
import { loadPlaceholders } from './placeholders.js';

interface CheckOptions {
  format: 'text' | 'json';
  placeholders?: string;
  quiet?: boolean;
}

export const rulesCommand: CliCommand = {
  name: 'rules',
  register(program: Command, io: CliIO) {
    const rules = program.command('rules').description('Work with Sigma rules');
    rules
      .command('check')
      .description('Load Sigma rules and report each one that cannot load')
      .argument('<paths...>', 'rule files or directories (searched recursively)')
      .option('--format <format>', 'text or json', 'text')
      .option('--placeholders <file>', 'YAML map of %placeholder% names to value lists')
      .option('-q, --quiet', 'no log lines')
      .addHelpText(
        'after',
        '\nExamples:\n  lurewatch rules check rules/ ../sigma/rules --format json\n',
      )
      .action(async (paths: string[], options: CheckOptions) => {
        if (options.format !== 'text' && options.format !== 'json') {
          throw new CliExit(`unknown format '${String(options.format)}' (known: text, json)`, 2);
        }
        const logger = loggerFor(io, { quiet: options.quiet ?? options.format === 'json' });
        const placeholders = await loadPlaceholders(options.placeholders);
        const result = await loadRules(paths, { placeholders, logger });
        const rejected = result.rejected.map(({ file, line, reason }) => ({ file, line, reason }));
        if (options.format === 'json') {
          io.stdout(`${JSON.stringify({ loaded: result.rules.length, rejected }, null, 2)}\n`);
        } else {
          const correlations = result.rules.filter((r) => r.kind === 'correlation').length;
          io.stdout(
            `loaded ${result.rules.length} rules (${correlations} correlation), ` +
              `rejected ${rejected.length}\n`,
          );
          for (const r of rejected) io.stdout(`${r.file}:${r.line}: ${r.reason}\n`);
        }
        if (rejected.length > 0) process.exitCode = 1;
      });
  },
};
