/**
 * `lurewatch sources`: the log formats Lurewatch reads, with the source kind each feeds and
 * what its content looks like, so that an analyst can tell whether an export will be read
 * before running an investigation.
 */
import type { Command } from 'commander';
import { defaultRegistry } from '../../read/formats/index.js';
import type { FormatReader } from '../../read/types.js';
import { CliExit, type CliIO } from '../io.js';
import type { CliCommand } from '../program.js';

interface SourceRow {
  id: string;
  title: string;
  source: string;
  signature: string;
}

function rowOf(reader: FormatReader): SourceRow {
  return {
    id: reader.id,
    title: reader.title,
    source: reader.source,
    signature: reader.signature,
  };
}

function table(rows: SourceRow[]): string {
  const idWidth = Math.max(6, ...rows.map((r) => r.id.length));
  const lines = [`${'FORMAT'.padEnd(idWidth)}  SOURCE  TITLE`];
  for (const row of rows) {
    lines.push(`${row.id.padEnd(idWidth)}  ${row.source.padEnd(6)}  ${row.title}`);
    lines.push(`${''.padEnd(idWidth)}  ${''.padEnd(6)}  e.g. ${row.signature}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Pipes would end a Markdown cell; backticks would end the code span the signature sits in. */
function cell(text: string): string {
  return text.replaceAll('|', '\\|');
}

function markdown(rows: SourceRow[]): string {
  const lines = ['| Format | Source | What it reads | Recognised by |', '|---|---|---|---|'];
  for (const row of rows) {
    const signature = row.signature.replaceAll('`', "'");
    lines.push(`| \`${row.id}\` | ${row.source} | ${cell(row.title)} | \`${cell(signature)}\` |`);
  }
  return `${lines.join('\n')}\n`;
}

const WRITERS: Record<string, (rows: SourceRow[]) => string> = {
  table,
  json: (rows) => `${JSON.stringify(rows, null, 2)}\n`,
  markdown,
};

function run(options: { format: string }, io: CliIO): void {
  const write = WRITERS[options.format];
  if (!write) {
    const known = Object.keys(WRITERS).join(', ');
    throw new CliExit(`--format is one of ${known}, not '${options.format}'`, 2);
  }
  io.stdout(write(defaultRegistry().list().map(rowOf)));
}

export const sourcesCommand: CliCommand = {
  name: 'sources',
  register(program: Command, io: CliIO) {
    program
      .command('sources')
      .description('List the log formats Lurewatch reads and how each is recognised')
      .option('-f, --format <format>', 'table, json or markdown', 'table')
      .addHelpText(
        'after',
        '\nExamples:\n  lurewatch sources\n  lurewatch sources --format json\n' +
          '  lurewatch investigate export.csv --input-format m365-defender-csv\n',
      )
      .action((options: { format: string }) => run(options, io));
  },
};
