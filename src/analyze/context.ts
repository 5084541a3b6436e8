/**
 * The state of one item's analysis: the budget shared by every file inside it (depth, count,
 * bytes, time), the indicators collected, and the recursion from a container to its members.
 * A failure inside one analyzer becomes a finding on that file; the item goes on.
 */
import { detectType } from './detect.js';
import { entropy, md5, sha256 } from './hash.js';
import { IndicatorSet } from './indicators.js';
import { nameFindings, typeFindings } from './names.js';
import { analyzerFor } from './registry.js';
import type { AnalyzeOptions, FileReport, Finding, JsonValue } from './types.js';

export interface ChildOptions {
  declaredType?: string;
  /** Size of the member as stored in its container, for the expansion-ratio cap. */
  packedSize?: number;
}

/** What an analyzer sees of the analysis while it reads one file. */
export interface FileContext {
  readonly report: FileReport;
  readonly options: AnalyzeOptions;
  readonly indicators: IndicatorSet;
  /** Text from around the file (the message body) that may carry a password. */
  readonly hints: string[];
  add(finding: Finding): void;
  /** Records a structured fact about the file under `details`. */
  detail(key: string, value: JsonValue): void;
  /** Analyses an embedded file as a child of this one, unless a cap forbids it. */
  child(name: string, bytes: Buffer, options?: ChildOptions): Promise<void>;
  /** Reserves room for `size` more unpacked bytes; false (with a finding) when over budget. */
  reserve(size: number, packedSize?: number, name?: string): boolean;
}

export class ItemAnalysis {
  readonly indicators = new IndicatorSet();
  readonly findings: Finding[] = [];
  readonly hints: string[] = [];
  private files = 0;
  private unpackedBytes = 0;
  private readonly deadline: number;
  private readonly capsHit = new Set<string>();

  constructor(readonly options: AnalyzeOptions) {
    this.deadline = Date.now() + options.limits.maxMillis;
  }

  /** Analyses one part of a message, unless the item's file count or time is spent. */
  async topLevel(
    name: string,
    bytes: Buffer,
    declaredType?: string,
  ): Promise<FileReport | undefined> {
    const { limits } = this.options;
    if (this.files >= limits.maxFiles || Date.now() > this.deadline) {
      this.noteCap('cap-count', `parts after the first ${this.files} not analysed`);
      return undefined;
    }
    return this.file(name, name, bytes, 0, declaredType);
  }

  /** Analyses one file at `depth` below the item, returning its report. */
  async file(
    name: string,
    path: string,
    bytes: Buffer,
    depth: number,
    declaredType?: string,
  ): Promise<FileReport> {
    this.files += 1;
    const detected = await detectType(bytes, name);
    const report: FileReport = {
      name,
      path,
      sha256: sha256(bytes),
      md5: md5(bytes),
      size: bytes.length,
      ...(declaredType ? { declaredType } : {}),
      detectedType: detected.kind,
      entropy: entropy(bytes),
      findings: [...nameFindings(name), ...typeFindings(name, detected, declaredType)],
      children: [],
    };
    this.indicators.addHash(report.sha256);
    if (detected.kind === 'empty') {
      report.findings.push({ id: 'file-empty', severity: 'info', summary: 'file is empty' });
    }
    if (this.options.scan) report.findings.push(...this.options.scan(bytes));
    await this.options.onFile?.(report, bytes);

    const analyzer = analyzerFor(detected.kind);
    if (analyzer) await this.runAnalyzer(analyzer.analyze.bind(analyzer), bytes, report, depth);
    return report;
  }

  private async runAnalyzer(
    analyze: (bytes: Buffer, ctx: FileContext) => Promise<void>,
    bytes: Buffer,
    report: FileReport,
    depth: number,
  ): Promise<void> {
    try {
      await analyze(bytes, this.contextFor(report, depth));
    } catch (error) {
      report.findings.push({
        id: 'parse-error',
        severity: 'low',
        summary: `${report.detectedType} parser stopped: ${(error as Error).message}`,
      });
    }
  }

  private contextFor(report: FileReport, depth: number): FileContext {
    return {
      report,
      options: this.options,
      indicators: this.indicators,
      hints: this.hints,
      add: (finding) => report.findings.push(finding),
      detail: (key, value) => {
        report.details ??= {};
        report.details[key] = value;
      },
      reserve: (size, packed, name) => this.reserve(report, size, packed, name),
      child: async (name, bytes, options = {}) => {
        if (!this.admit(report, depth + 1)) return;
        const path = `${report.path}/${name}`;
        const childReport = await this.file(name, path, bytes, depth + 1, options.declaredType);
        report.children.push(childReport);
      },
    };
  }

  /** Checks depth, count and time before a member is analysed. */
  private admit(parent: FileReport, depth: number): boolean {
    const { limits } = this.options;
    if (depth > limits.maxDepth) {
      return this.cap(parent, 'cap-depth', `nesting deeper than ${limits.maxDepth} levels`);
    }
    if (this.files >= limits.maxFiles) {
      return this.cap(parent, 'cap-count', `more than ${limits.maxFiles} files in one item`);
    }
    if (Date.now() > this.deadline) {
      return this.cap(parent, 'cap-time', `analysis took longer than ${limits.maxMillis} ms`);
    }
    return true;
  }

  private reserve(parent: FileReport, size: number, packed?: number, name = 'member'): boolean {
    const { limits } = this.options;
    if (size > limits.maxFileBytes) {
      return this.cap(parent, 'cap-file-size', `${name} unpacks to ${size} bytes`);
    }
    if (
      packed !== undefined &&
      size > 1024 * 1024 &&
      size / Math.max(packed, 1) > limits.maxRatio
    ) {
      const ratio = Math.round(size / Math.max(packed, 1));
      return this.cap(parent, 'cap-ratio', `${name} expands ${ratio}:1 (a decompression bomb)`);
    }
    if (this.unpackedBytes + size > limits.maxTotalBytes) {
      return this.cap(parent, 'cap-total-size', `more than ${limits.maxTotalBytes} bytes unpacked`);
    }
    this.unpackedBytes += size;
    return true;
  }

  /** Records a cap on the file where it was hit, and once on the item. */
  private cap(parent: FileReport, id: string, summary: string): false {
    if (!parent.findings.some((f) => f.id === id)) {
      parent.findings.push({ id, severity: 'high', summary: `limit reached: ${summary}` });
    }
    this.noteCap(id, summary);
    return false;
  }

  private noteCap(id: string, summary: string): void {
    if (this.capsHit.has(id)) return;
    this.capsHit.add(id);
    this.findings.push({ id, severity: 'high', summary: `limit reached: ${summary}` });
  }
}
