/**
 * PowerShell logging: script block logging (4104, Microsoft-Windows-PowerShell/Operational)
 * records the text of every script block compiled; pipeline execution details (800, the
 * classic "Windows PowerShell" log) record each command with its bound parameters. Both carry
 * the download cradles and dropped-file paths of a lure's second stage, so the URLs and paths
 * in them are extracted here.
 */
import { baseName } from '../meta.js';
import { compact } from '../row.js';
import { scanScript } from '../script-scan.js';
import { account, num, str } from './fields.js';
import type { WindowsMapper } from './types.js';

type Data = Record<string, unknown>;

/** Event 800's three unnamed Data values: command text, context lines, parameter details. */
function pipelineParts(data: Data): [string?, string?, string?] {
  const inner = data['Data'];
  if (inner && typeof inner === 'object' && !Array.isArray(inner)) {
    const list = (inner as Data)['#text'];
    if (Array.isArray(list)) {
      return list.slice(0, 3).map((v) => (typeof v === 'string' ? v : undefined)) as [
        string?,
        string?,
        string?,
      ];
    }
  }
  // Winlogbeat and flat exports name them param1..param3.
  return [str(data, 'param1'), str(data, 'param2'), str(data, 'param3')];
}

/** A `Name=value` line of event 800's context block (`HostApplication=...`). */
function contextValue(context: string | undefined, name: string): string | undefined {
  if (!context) return undefined;
  const at = context.indexOf(`${name}=`);
  if (at === -1) return undefined;
  const start = at + name.length + 1;
  const end = context.indexOf('\n', start);
  const value = context.slice(start, end === -1 ? undefined : end).trim();
  return value.length > 0 ? value : undefined;
}

/** The executable at the start of a host command line, quoted or not. */
function executableOf(commandLine: string): string {
  const trimmed = commandLine.trim();
  if (trimmed.startsWith('"')) {
    const end = trimmed.indexOf('"', 1);
    return trimmed.slice(1, end === -1 ? undefined : end);
  }
  const exe = /^(.*?\.exe)\b/i.exec(trimmed);
  return exe?.[1] ?? trimmed.split(' ')[0] ?? trimmed;
}

const scriptBlock: WindowsMapper = (record) => {
  const d = record.data;
  const text = str(d, 'ScriptBlockText');
  const found = scanScript(text);
  const path = str(d, 'Path');
  return {
    event: { kind: 'event', category: ['process'], type: ['info'], dataset: 'powershell' },
    powershell: compact({
      script_block_id: str(d, 'ScriptBlockId'),
      script_block_text: text,
      sequence: num(d, 'MessageNumber'),
      total: num(d, 'MessageTotal'),
      urls: found.urls,
      paths: path ? [path, ...found.paths.filter((p) => p !== path)] : found.paths,
    }),
  };
};

const pipelineExecution: WindowsMapper = (record) => {
  const [command, context, details] = pipelineParts(record.data);
  const found = scanScript(command, details);
  const host = contextValue(context, 'HostApplication');
  const user = account(contextValue(context, 'UserId'));
  const executable = host ? executableOf(host) : undefined;
  return {
    event: { kind: 'event', category: ['process'], type: ['info'], dataset: 'powershell' },
    ...(executable
      ? { process: { executable, name: baseName(executable), command_line: host } }
      : {}),
    ...(user ? { user } : {}),
    powershell: {
      ...(command ? { script_block_text: command } : {}),
      urls: found.urls,
      paths: found.paths,
    },
  };
};

export const powershellMappers: Record<number, WindowsMapper> = {
  4104: scriptBlock,
  800: pipelineExecution,
};
