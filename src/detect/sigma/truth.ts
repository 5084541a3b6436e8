/**
 * Three-valued (Kleene) logic. `undefined` means unknown: the event does not carry a field the
 * rule asks about. A rule fires only when its condition is definitely true.
 */
export type Truth = boolean | undefined;

export function not3(value: Truth): Truth {
  return value === undefined ? undefined : !value;
}

export function and3(values: readonly Truth[]): Truth {
  let result: Truth = true;
  for (const value of values) {
    if (value === false) return false;
    if (value === undefined) result = undefined;
  }
  return result;
}

export function or3(values: readonly Truth[]): Truth {
  let result: Truth = false;
  for (const value of values) {
    if (value === true) return true;
    if (value === undefined) result = undefined;
  }
  return result;
}
