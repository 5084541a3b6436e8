/**
 * Loads rule files: `.yml`/`.yaml` files or directories searched recursively, each file one
 * or more YAML documents. Every document that cannot become a rule is reported with its file,
 * line and reason; the rest load. Nothing is thrown for bad rule content.
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { LineCounter, parseAllDocuments, isMap as isYamlMap, type Document } from 'yaml';
import type { Logger } from '../../core/logger.js';
import { parseCorrelation } from './correlation-model.js';
import { compileDetection, DetectionError } from './detection.js';
import { LEVELS, type Level, type Rejection, type RuleMeta, type SigmaRule } from './model.js';

export interface LoadOptions {
  placeholders?: ReadonlyMap<string, readonly string[]>;
  logger?: Logger;
}

export interface LoadResult {
  rules: SigmaRule[];
  rejected: Rejection[];
}

// Rule files are a few KiB; SigmaHQ's largest is under 100 KiB. The caps stop a wrong path
// (a log directory given as rules) from being read whole.
const MAX_RULE_FILE_BYTES = 4 * 1024 * 1024;
const MAX_RULE_FILES = 100_000;
const MAX_DEPTH = 32;

async function* ruleFiles(path: string, depth = 0): AsyncIterable<string> {
  const info = await stat(path);
  if (info.isFile()) {
    yield path;
    return;
  }
  if (!info.isDirectory() || depth > MAX_DEPTH) return;
  const entries = (await readdir(path, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const child = join(path, entry.name);
    if (entry.isDirectory()) yield* ruleFiles(child, depth + 1);
    else if (entry.isFile() && /\.ya?ml$/i.test(entry.name)) yield child;
  }
}

export async function loadRules(
  paths: readonly string[],
  options: LoadOptions = {},
): Promise<LoadResult> {
  const result: LoadResult = { rules: [], rejected: [] };
  let files = 0;
  for (const path of paths) {
    try {
      for await (const file of ruleFiles(path)) {
        files += 1;
        if (files > MAX_RULE_FILES) {
          result.rejected.push({ file, line: 0, reason: `more than ${MAX_RULE_FILES} rule files` });
          return result;
        }
        const text = await readBounded(file);
        if (text === undefined) {
          result.rejected.push({
            file,
            line: 0,
            reason: `larger than ${MAX_RULE_FILE_BYTES} bytes`,
          });
          continue;
        }
        const loaded = parseRuleText(text, file, options);
        result.rules.push(...loaded.rules);
        result.rejected.push(...loaded.rejected);
      }
    } catch (error) {
      result.rejected.push({
        file: path,
        line: 0,
        reason: `cannot read: ${(error as Error).message}`,
      });
    }
  }
  rejectDanglingCorrelations(result);
  options.logger?.info('rules loaded', {
    loaded: result.rules.length,
    rejected: result.rejected.length,
  });
  return result;
}

/** A correlation naming a rule that did not load cannot run: it is rejected by name. */
function rejectDanglingCorrelations(result: LoadResult): void {
  const known = new Set<string>();
  for (const rule of result.rules) {
    if (rule.id) known.add(rule.id);
    if (rule.name) known.add(rule.name);
  }
  result.rules = result.rules.filter((rule) => {
    if (rule.kind !== 'correlation') return true;
    const missing = rule.rules.filter((ref) => !known.has(ref));
    if (missing.length === 0) return true;
    result.rejected.push({
      file: rule.file,
      line: rule.line,
      reason: `correlation: no loaded rule has the id or name ${missing.join(', ')}`,
      title: rule.title,
      ...(rule.id ? { id: rule.id } : {}),
    });
    return false;
  });
}

async function readBounded(file: string): Promise<string | undefined> {
  const info = await stat(file);
  if (info.size > MAX_RULE_FILE_BYTES) return undefined;
  return readFile(file, 'utf8');
}

/** Parses every YAML document of one file's text into rules and rejections. */
export function parseRuleText(text: string, file: string, options: LoadOptions = {}): LoadResult {
  const result: LoadResult = { rules: [], rejected: [] };
  const lines = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter: lines, prettyErrors: false });
  const docs = Array.isArray(documents) ? documents : [];
  if (!Array.isArray(documents)) {
    result.rejected.push({ file, line: 1, reason: 'not YAML documents' });
  }
  for (const doc of docs) {
    const line = lines.linePos(doc.range[0]).line;
    if (doc.errors.length > 0) {
      const error = doc.errors[0];
      const at = error?.pos ? lines.linePos(error.pos[0]).line : line;
      result.rejected.push({ file, line: at, reason: `YAML: ${error?.message.split('\n')[0]}` });
      continue;
    }
    if (doc.contents === null) continue;
    const outcome = buildRule(doc, file, line, lines, options);
    if ('reason' in outcome) result.rejected.push(outcome);
    else result.rules.push(outcome);
  }
  return result;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function buildRule(
  doc: Document,
  file: string,
  line: number,
  lines: LineCounter,
  options: LoadOptions,
): SigmaRule | Rejection {
  const data: unknown = doc.toJS({ maxAliasCount: 100 });
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { file, line, reason: 'a rule must be a YAML map' };
  }
  const rule = data as Record<string, unknown>;
  const title = str(rule['title']);
  const id = str(rule['id']);
  const reject = (reason: string, at = line): Rejection => ({
    file,
    line: at,
    reason,
    ...(title ? { title } : {}),
    ...(id ? { id } : {}),
  });
  if (rule['action'] !== undefined) {
    return reject(
      `'action: ${String(rule['action'])}' rule collections (Sigma v1) are not supported`,
    );
  }
  if (!title) return reject('the rule has no title');
  const level = str(rule['level']);
  if (level !== undefined && !LEVELS.includes(level as Level)) {
    return reject(`unknown level '${level}' (known: ${LEVELS.join(', ')})`);
  }
  const meta: RuleMeta = {
    title,
    tags: Array.isArray(rule['tags'])
      ? rule['tags'].filter((t): t is string => typeof t === 'string')
      : [],
    file,
    line,
    ...(id ? { id } : {}),
    ...(str(rule['name']) ? { name: str(rule['name']) } : {}),
    ...(level ? { level: level as Level } : {}),
    ...(str(rule['author']) ? { author: str(rule['author']) } : {}),
    ...(str(rule['status']) ? { status: str(rule['status']) } : {}),
    ...(str(rule['description']) ? { description: str(rule['description']) } : {}),
  };

  if (rule['correlation'] !== undefined) {
    const correlation = parseCorrelation(rule['correlation'], rule, meta);
    return typeof correlation === 'string' ? reject(`correlation: ${correlation}`) : correlation;
  }

  const logsource = rule['logsource'];
  if (typeof logsource !== 'object' || logsource === null || Array.isArray(logsource)) {
    return reject('the rule has no logsource map');
  }
  const source = logsource as Record<string, unknown>;
  try {
    const { predicate, need } = compileDetection(rule['detection'], {
      placeholders: options.placeholders ?? new Map(),
    });
    return {
      ...meta,
      kind: 'detection',
      logsource: {
        ...(str(source['product']) ? { product: str(source['product'])?.toLowerCase() } : {}),
        ...(str(source['category']) ? { category: str(source['category'])?.toLowerCase() } : {}),
        ...(str(source['service']) ? { service: str(source['service'])?.toLowerCase() } : {}),
      },
      predicate,
      need,
    };
  } catch (error) {
    if (!(error instanceof DetectionError)) throw error;
    return reject(error.message, searchLine(doc, error.search, lines) ?? line);
  }
}

function searchLine(
  doc: Document,
  search: string | undefined,
  lines: LineCounter,
): number | undefined {
  if (!search) return undefined;
  const detection = doc.get('detection', true);
  if (!isYamlMap(detection)) return undefined;
  const pair = detection.items.find(
    (item) => String((item.key as { value?: unknown })?.value) === search,
  );
  const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range;
  return range ? lines.linePos(range[0]).line : undefined;
}
