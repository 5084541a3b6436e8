/**
 * One analyzer per kind of file, looked up by the kind `detect.ts` assigns. An analyzer reads
 * the bytes it is given, adds findings, and hands embedded files back to the context, which
 * applies the caps and analyses them in turn.
 */
import type { FileContext } from './context.js';

export interface KindAnalyzer {
  /** Kinds from `detectType` handled here. */
  kinds: string[];
  analyze(bytes: Buffer, ctx: FileContext): Promise<void>;
}

const analyzers = new Map<string, KindAnalyzer>();

export function registerAnalyzer(analyzer: KindAnalyzer): void {
  for (const kind of analyzer.kinds) analyzers.set(kind, analyzer);
}

export function analyzerFor(kind: string): KindAnalyzer | undefined {
  return analyzers.get(kind);
}

export function knownKinds(): string[] {
  return [...analyzers.keys()].sort();
}
