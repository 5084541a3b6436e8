/**
 * `lurewatch export --stix|--misp [incidents.json]`: shares incidents' observables and
 * verdicts with a threat-intelligence platform, from the case store or a report file.
 */
import { Option, type Command } from 'commander';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { mispEvent } from '../../intel/export/misp.js';
import { stixBundle } from '../../intel/export/stix.js';
import type { Incident, IncidentReport } from '../../model/incident.js';
import { CaseStore } from '../../store/case-store.js';
import { CliExit, type CliIO } from '../io.js';
import type { CliCommand } from '../program.js';

interface Options {
  stix?: boolean;
  misp?: boolean;
  out?: string;
  verdict?: string;
}

async function incidentsFrom(file: string | undefined, io: CliIO): Promise<Incident[]> {
  if (file) {
    const path = resolve(io.cwd, file);
    let report: Partial<IncidentReport>;
    try {
      report = JSON.parse(await readFile(path, 'utf8')) as Partial<IncidentReport>;
    } catch (error) {
      throw new CliExit(`cannot read ${path}: ${(error as Error).message}`, 1);
    }
    if (!Array.isArray(report.incidents)) {
      throw new CliExit(`${path} is not an incidents.json report (no "incidents" list)`, 1);
    }
    return report.incidents;
  }
  const home = resolve(io.cwd, io.env['LUREWATCH_HOME'] ?? '.lurewatch');
  if (!existsSync(join(home, 'cases.db'))) {
    throw new CliExit(
      `no case store in ${home}; run investigate first or name an incidents.json`,
      1,
    );
  }
  const cases = new CaseStore(home);
  try {
    return cases.list();
  } finally {
    cases.close();
  }
}

async function run(file: string | undefined, options: Options, io: CliIO): Promise<void> {
  if (Boolean(options.stix) === Boolean(options.misp)) {
    throw new CliExit('choose one of --stix or --misp', 2);
  }
  let incidents = await incidentsFrom(file, io);
  if (options.verdict) incidents = incidents.filter((i) => i.verdict === options.verdict);
  const document = options.stix ? stixBundle(incidents) : mispEvent(incidents);
  const text = `${JSON.stringify(document, null, 2)}\n`;
  if (options.out) await writeFile(resolve(io.cwd, options.out), text, { mode: 0o644 });
  else io.stdout(text);
}

export const exportCommand: CliCommand = {
  name: 'export',
  register(program: Command, io: CliIO) {
    program
      .command('export')
      .description('Write incidents as a STIX 2.1 bundle or a MISP event')
      .argument('[incidents]', 'an incidents.json report; default: the case store')
      .addOption(new Option('--stix', 'a STIX 2.1 bundle').conflicts('misp'))
      .addOption(new Option('--misp', 'a MISP event (MISP JSON)').conflicts('stix'))
      .addOption(
        new Option('--verdict <verdict>', 'only incidents with this verdict').choices([
          'escalate',
          'review',
          'dismiss',
        ]),
      )
      .option('-o, --out <file>', 'write here instead of stdout')
      .addHelpText(
        'after',
        '\nExamples:\n  lurewatch export --stix --verdict escalate -o lurewatch.stix.json\n' +
          '  lurewatch export --misp out/demo/incidents.json > event.json\n',
      )
      .action(async (file: string | undefined, options: Options) => run(file, options, io));
  },
};
