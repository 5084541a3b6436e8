/** Builds the keyword patterns of the analyzers from word lists, which read better as data. */

/** Matches any of `alternatives` (regular-expression sources) as a whole word. */
export function anyWord(alternatives: string[], flags = 'i'): RegExp {
  return new RegExp(`\\b(?:${alternatives.join('|')})\\b`, flags);
}

/** Splits a space-separated list, for long lists of names kept as one string. */
export function words(list: string): string[] {
  return list.trim().split(/\s+/);
}
