/**
 * `lurewatch analyze`: static analysis of delivered files and the messages that carried them.
 * Reads bytes only; nothing is executed, rendered or fetched, and nothing is written unless
 * the caller's `onFile` hook writes it. Hands `investigate` one `ItemReport` per input.
 */
import { ItemAnalysis } from './context.js';
import './kinds/all.js';
import { parseMessage } from './message/message.js';
import type { AnalyzeOptions, ItemReport } from './types.js';

export * from './types.js';
export { knownKinds } from './registry.js';

/** Analyses one file (and everything inside it) named `name`. */
export async function analyzeBytes(
  bytes: Buffer,
  name: string,
  options: AnalyzeOptions,
  declaredType?: string,
): Promise<ItemReport> {
  const analysis = new ItemAnalysis(options);
  const file = await analysis.file(name, name, bytes, 0, declaredType);
  return item(name, analysis, [file]);
}

/** Analyses one message: its header trace and every attachment. */
export async function analyzeMessage(
  bytes: Buffer,
  inputName: string,
  options: AnalyzeOptions,
): Promise<ItemReport> {
  const analysis = new ItemAnalysis(options);
  const files: ItemReport['files'] = [];
  const message = await parseMessage(bytes, {
    options,
    indicators: analysis.indicators,
    hints: analysis.hints,
    attach: async (name, content, declaredType) => {
      const file = await analysis.topLevel(name, content, declaredType);
      if (file) files.push(file);
    },
  });
  if (message.originatingIp) analysis.indicators.addIp(message.originatingIp);
  const { input, ...rest } = item(inputName, analysis, files);
  return { input, message, ...rest };
}

function item(input: string, analysis: ItemAnalysis, files: ItemReport['files']): ItemReport {
  return { input, files, indicators: analysis.indicators.toJSON(), findings: analysis.findings };
}
