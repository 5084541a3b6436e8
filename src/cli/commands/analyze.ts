/**
 * `lurewatch analyze PATH...`: static analysis of delivered files and emails, for the
 * playbook's tier-2 steps. Prints a readable tree, or the JSON contract with `--format json`.
 */
import type { Command } from 'commander';
import {
  defaultOptions,
  DEFAULT_ANALYZE_LIMITS,
  knownKinds,
  type Finding,
  type ItemReport,
} from '../../analyze/index.js';
import { extractor } from '../../analyze/extract.js';
import { analyzePaths } from '../../analyze/inputs.js';
import { renderItem } from '../../analyze/render.js';
import { loadYara } from '../../analyze/yara.js';
import type { Problem } from '../../core/problems.js';
import { CliExit, loggerFor, type CliIO } from '../io.js';
import type { CliCommand } from '../program.js';

interface AnalyzeFlags {
  format: 'text' | 'json';
  extract?: string;
  ownDomain: string[];
  internalName: string[];
  yara?: string;
  maxDepth: string;
  timeout: string;
  quiet?: boolean;
  verbose?: boolean;
}

const collectList = (value: string, previous: string[]): string[] => [...previous, value];

export const analyzeCommand: CliCommand = {
  name: 'analyze',
  register(program: Command, io: CliIO) {
    program
      .command('analyze')
      .description('Take apart delivered files and emails: header trace, types, containers, macros')
      .argument('<paths...>', 'files, .eml messages, mbox files or folders')
      .option('--format <format>', 'text or json', 'text')
      .option('--extract <dir>', 'write every analysed file below DIR (mode 0600, never run)')
      .option('--own-domain <domain>', 'an own domain, for look-alike senders', collectList, [])
      .option('--internal-name <name>', 'an internal display name', collectList, [])
      .option('--yara <rules>', 'YARA rules file to scan every file with')
      .option(
        '--max-depth <n>',
        'container nesting followed',
        String(DEFAULT_ANALYZE_LIMITS.maxDepth),
      )
      .option('--timeout <ms>', 'time budget per item', String(DEFAULT_ANALYZE_LIMITS.maxMillis))
      .option('-q, --quiet', 'only errors on stderr')
      .option('-v, --verbose', 'debug logging on stderr')
      .addHelpText(
        'after',
        '\nExamples:\n  lurewatch analyze suspicious.eml\n' +
          '  lurewatch analyze --format json --own-domain example.com mail/\n' +
          '  lurewatch analyze invoice.iso --extract /tmp/case-42\n' +
          `\nKinds taken apart: ${knownKinds().join(', ')}\n`,
      )
      .action(async (paths: string[], flags: AnalyzeFlags) => run(paths, flags, io));
  },
};

async function run(paths: string[], flags: AnalyzeFlags, io: CliIO): Promise<void> {
  if (flags.format !== 'text' && flags.format !== 'json') {
    throw new CliExit(`unknown --format ${flags.format} (known: text, json)`, 64);
  }
  const options = defaultOptions({
    logger: loggerFor(io, flags),
    ownDomains: flags.ownDomain,
    internalNames: flags.internalName,
    limits: {
      ...DEFAULT_ANALYZE_LIMITS,
      maxDepth: positive(flags.maxDepth, '--max-depth'),
      maxMillis: positive(flags.timeout, '--timeout'),
    },
    ...(flags.extract ? { onFile: extractor(flags.extract) } : {}),
    ...(flags.yara ? { scan: await yaraScanner(flags.yara) } : {}),
  });

  const items: ItemReport[] = [];
  const problems: Problem[] = [];
  for await (const item of analyzePaths(paths, options, problems)) {
    if (flags.format === 'json') items.push(item);
    else io.stdout(renderItem(item));
  }
  if (flags.format === 'json') {
    io.stdout(`${JSON.stringify({ schemaVersion: 1, items }, null, 2)}\n`);
  }
  // EX_NOINPUT: some inputs could not be read; the report covers the others.
  if (problems.length > 0) throw new CliExit('', 66);
}

async function yaraScanner(path: string): Promise<(bytes: Buffer) => Finding[]> {
  try {
    return await loadYara(path);
  } catch (error) {
    throw new CliExit(`--yara ${path}: ${(error as Error).message}`, 65);
  }
}

function positive(value: string, flag: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new CliExit(`${flag} needs a positive integer`, 64);
  return n;
}
