/**
 * Finds URLs and file paths in script text (PowerShell script blocks, command lines), including
 * those an attacker assembled from pieces such as `('h'+'ttp')+(':'+'//')`. Every pass is one
 * left-to-right scan and every pattern is a fixed prefix followed by one character class, so
 * the cost is linear in the text whatever it holds.
 */

export interface ScriptFindings {
  urls: string[];
  paths: string[];
}

/** Most findings kept per text; a script that names more is a list, not a lure. */
export const MAX_FINDINGS = 100;

// A URL runs until a character that cannot be in one unquoted or that scripts use to separate
// URLs in a list (Emotet's `*`); the scheme is matched case-insensitively.
const URL = /\b(?:https?|ftp):\/\/[^\s'"<>`*,;|(){}[\]^\\]+/gi;
// Drive-letter and UNC paths, and paths from environment variables (`%TEMP%\`, `$env:TEMP\`).
const PATH = new RegExp(
  String.raw`(?:\b[A-Za-z]:\\|\\\\[\w.$-]+\\|%[A-Za-z_]{1,32}%\\|\$env:[A-Za-z_]{1,32}\\)` +
    String.raw`[^\s'"<>|*?;,(){}\x60]*`,
  'g',
);
const TRAILING = /[.:)\]}]+$/;

/**
 * The literal strings a script joins with `+`, each run concatenated. PowerShell's escape
 * character (backtick) is dropped first, so `"d`OWN`load"` reads as `dOWNload`.
 */
export function joinedLiterals(script: string): string[] {
  const text = script.replace(/`/g, '');
  const runs: string[] = [];
  let run: string[] = [];
  // Whether only `+`, parentheses and spaces (with at least one `+`) lie since the last literal.
  let joinable = false;
  let sawPlus = false;
  let at = 0;
  const close = (): void => {
    if (run.length > 1) runs.push(run.join(''));
    run = [];
  };
  while (at < text.length) {
    const char = text[at] as string;
    if (char === "'" || char === '"') {
      const end = literalEnd(text, at);
      const value = text.slice(at + 1, end).replaceAll(char + char, char);
      if (!(joinable && sawPlus)) close();
      run.push(value);
      joinable = true;
      sawPlus = false;
      at = end + 1;
      continue;
    }
    if (char === '+') sawPlus = true;
    else if (char !== '(' && char !== ')' && char !== ' ' && char !== '\t') {
      joinable = false;
      close();
    }
    at += 1;
  }
  close();
  return runs;
}

/** Index of the quote that closes the literal opened at `start` (doubled quotes escape). */
function literalEnd(text: string, start: number): number {
  const quote = text[start] as string;
  let at = start + 1;
  for (;;) {
    const next = text.indexOf(quote, at);
    if (next === -1) return text.length;
    if (text[next + 1] === quote) {
      at = next + 2;
      continue;
    }
    return next;
  }
}

function collect(pattern: RegExp, texts: string[], out: Set<string>): void {
  for (const text of texts) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
      if (out.size >= MAX_FINDINGS) return;
      const value = m[0].replace(TRAILING, '');
      if (value.length > 8) out.add(value);
    }
  }
}

export function scanScript(...texts: Array<string | undefined>): ScriptFindings {
  const present = texts.filter((t): t is string => typeof t === 'string' && t.length > 0);
  const views = [...present.map((t) => t.replace(/`/g, '')), ...present.flatMap(joinedLiterals)];
  const urls = new Set<string>();
  const paths = new Set<string>();
  collect(URL, views, urls);
  collect(PATH, views, paths);
  return { urls: [...urls], paths: [...paths] };
}
