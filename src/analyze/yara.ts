/** `--yara RULES`: not available until a YARA engine is installed. */
import type { Finding } from './types.js';

export async function loadYara(path: string): Promise<(bytes: Buffer) => Finding[]> {
  throw new Error(`YARA scanning is not available in this build (rules: ${path})`);
}
