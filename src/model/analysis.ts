/**
 * What static analysis found in a delivered file, as events and incidents carry it: the shape
 * `lurewatch analyze` reports per file, reduced to what correlation and reports use.
 */

export interface FileFinding {
  id: string;
  severity: 'info' | 'low' | 'medium' | 'high' | 'critical';
  summary: string;
}

export interface FileAnalysis {
  name: string;
  /** Position inside the message or sample: container names joined with `/`. */
  path: string;
  sha256: string;
  md5: string;
  size: number;
  declaredType?: string;
  detectedType: string;
  findings: FileFinding[];
  children: FileAnalysis[];
}
