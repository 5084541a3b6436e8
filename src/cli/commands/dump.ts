/**
 * `lurewatch dump`: prints the records of EVTX files, one JSON object per line exactly as
 * evtx_dump writes them (or XML with `--format xml`), for checking what Lurewatch reads and for
 * piping into other tools. Problems go to stderr as one-line warnings, counted at the end.
 */
import { Option, type Command } from 'commander';
import { formatProblem, problem, type Problem } from '../../core/problems.js';
import { peek } from '../../read/chunks.js';
import { readEvtx, sniffEvtx } from '../../read/evtx/index.js';
import { expandInputs } from '../../read/inputs.js';
import type { InputSource } from '../../read/types.js';
import { CliExit, type CliIO } from '../io.js';
import type { CliCommand } from '../program.js';

interface DumpOptions {
  format: 'json' | 'xml';
  strict?: boolean;
  quiet?: boolean;
  workers: string;
}

const EXAMPLES = `
Examples:
  $ lurewatch dump Security.evtx > security.jsonl
  $ lurewatch dump --format xml Sysmon.evtx | less
  $ lurewatch dump --strict --quiet exports/      # non-zero exit on the first damaged record`;

export const dumpCommand: CliCommand = {
  name: 'dump',
  register(program: Command, io: CliIO): void {
    program
      .command('dump')
      .description('Print the records of EVTX files, one per line (evtx_dump JSON by default)')
      .argument('<files...>', 'EVTX files, directories, or zip/gzip containers of them')
      .addOption(
        new Option('--format <format>', 'output format').choices(['json', 'xml']).default('json'),
      )
      .option('--strict', 'stop with a non-zero exit status at the first problem')
      .option('-q, --quiet', 'do not print warnings or the problem count')
      .option('--workers <n>', 'worker threads for large files: a number or auto', 'auto')
      .addHelpText('after', EXAMPLES)
      .action(async (files: string[], options: DumpOptions) => dump(files, options, io));
  },
};

async function dump(files: string[], options: DumpOptions, io: CliIO): Promise<void> {
  const workers = options.workers === 'auto' ? 'auto' : Number(options.workers);
  if (workers !== 'auto' && !(Number.isInteger(workers) && workers >= 0)) {
    throw new CliExit(`--workers must be a whole number or auto, not '${options.workers}'`, 2);
  }
  let problems = 0;
  let records = 0;
  const report = (p: Problem): void => {
    problems += 1;
    if (options.strict) throw new CliExit(formatProblem(p), 1);
    if (!options.quiet) io.stderr(`warning: ${formatProblem(p)}\n`);
  };

  for await (const item of expandInputs(files)) {
    if (item.kind === 'problem') {
      report(item.problem);
      continue;
    }
    const input = await evtxInput(item.source);
    if (!input) {
      report(
        problem(item.source.name, '', 'unknown-format', 'not an EVTX file (no ElfFile magic)'),
      );
      continue;
    }
    const render = options.format === 'json' ? 'json-text' : 'xml';
    for await (const read of readEvtx(input, { render, workers })) {
      if (read.kind === 'problem') {
        report(read.problem);
        continue;
      }
      records += 1;
      if (records % 256 === 0) await io.drained?.();
      io.stdout(
        options.format === 'json'
          ? `${String(read.value)}\n`
          : `Record ${read.recordId}\n${String(read.value)}`,
      );
    }
  }
  if (!options.quiet) {
    io.stderr(`${records} records, ${problems} problem${problems === 1 ? '' : 's'}\n`);
  }
}

/** The input again if it starts like an EVTX file; its stream is re-read from the start. */
async function evtxInput(source: InputSource): Promise<InputSource | undefined> {
  const peeked = await peek(source.chunks(), 8);
  if (sniffEvtx(peeked.head) === 0) return undefined;
  if (source.path) return source;
  let used = false;
  return {
    name: source.name,
    chunks: () => {
      if (used) throw new Error(`${source.name} can be read only once`);
      used = true;
      return peeked.all;
    },
  };
}
