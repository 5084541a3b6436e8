/**
 * The syntax tree of a STIX 2.1 pattern (STIX 2.1 part 9, "STIX Patterning"). Observation
 * expressions combine comparison expressions in square brackets; each comparison tests one
 * object path of one cyber-observable type.
 */

export type Literal =
  | { kind: 'string'; value: string }
  | { kind: 'int'; value: number }
  | { kind: 'float'; value: number }
  | { kind: 'bool'; value: boolean }
  | { kind: 'binary'; value: string }
  | { kind: 'hex'; value: string }
  | { kind: 'timestamp'; value: string };

/** One step below the object type: a property name, or a list index (`*` for any). */
export type PathStep = { kind: 'property'; name: string } | { kind: 'index'; index: number | '*' };

export interface ObjectPath {
  objectType: string;
  steps: PathStep[];
}

export type Operator =
  '=' | '!=' | '<' | '<=' | '>' | '>=' | 'IN' | 'LIKE' | 'MATCHES' | 'ISSUBSET' | 'ISSUPERSET';

export type Comparison =
  | { kind: 'and' | 'or'; left: Comparison; right: Comparison }
  | {
      kind: 'test';
      path: ObjectPath;
      operator: Operator;
      negated: boolean;
      /** A set literal for IN, one literal otherwise. */
      value: Literal | Literal[];
    }
  | { kind: 'exists'; path: ObjectPath };

export type Qualifier =
  | { kind: 'within'; seconds: number }
  | { kind: 'repeats'; times: number }
  | { kind: 'start-stop'; start: string; stop: string };

export type Observation =
  | { kind: 'observation'; comparison: Comparison }
  | { kind: 'and' | 'or' | 'followedby'; left: Observation; right: Observation }
  | { kind: 'qualified'; inner: Observation; qualifier: Qualifier };

/** Renders a path back to canonical text: `file:hashes.'SHA-256'`, `email-message:a[*].b`. */
export function pathText(path: ObjectPath): string {
  let text = `${path.objectType}:`;
  path.steps.forEach((step, i) => {
    if (step.kind === 'index') text += `[${step.index}]`;
    else {
      const name = /^[a-z_][a-z0-9_]*$/i.test(step.name) ? step.name : `'${step.name}'`;
      text += i === 0 ? name : `.${name}`;
    }
  });
  return text;
}
