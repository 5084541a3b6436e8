/**
 * Renders a record as the JSON object evtx_dump writes (its default, attributes under
 * `#attributes`):
 * - an element with only text becomes that value; one with nothing becomes null;
 * - attributes with null values are dropped, and an element left with none is null;
 * - `<Data Name="X">v</Data>` becomes `"X": v`; a `Data` without `Name` collects its text
 *   under `Data: {"#text": ...}`, an array once there are several;
 * - a second element of the same name moves the first aside as `Name_1`, `Name_2`, ...
 * The object is built by walking the path of open elements from the root on each step, which
 * mirrors how the reference fills in its map and so reproduces its quirks exactly.
 */
import { entityText, type XmlAttribute, type XmlVisitor } from './expand.js';
import { valueToJson, valueToText, type BinValue, type Json } from './values.js';

type JsonObject = { [key: string]: Json };

function isObject(v: Json | undefined): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function own(o: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(o, key) ? o[key] : undefined;
}

/** Sets a key as an own property, even `__proto__`, which plain assignment would not. */
function put(o: JsonObject, key: string, value: Json): void {
  if (key === '__proto__') {
    Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
  } else {
    o[key] = value;
  }
}

function isEmpty(v: Json | undefined): boolean {
  return v === undefined || v === null || (isObject(v) && Object.keys(v).length === 0);
}

export class JsonRenderer implements XmlVisitor {
  /** With `exact`, 64-bit integers are kept whole for `exactJsonText`. */
  constructor(private readonly exact = false) {}

  private readonly top: JsonObject = { root: {} };
  private readonly keys: string[] = [];
  private holder: JsonObject = this.top;
  private key = 'root';

  result(): JsonObject {
    return this.top['root'] as JsonObject;
  }

  open(name: string, attributes: XmlAttribute[]): void {
    if (name === 'Data') {
      const key = attributes.find((a) => a.name === 'Name');
      if (key) this.openPlain(valueToText(key.value));
      else this.keys.push('Data');
      return;
    }
    if (attributes.length === 0) this.openPlain(name);
    else this.openWithAttributes(name, attributes);
  }

  close(): void {
    this.keys.pop();
  }

  text(value: BinValue): void {
    this.walkPath();
    const holder = this.holder;
    const key = this.key;
    const current = holder[key] as Json;
    const json = valueToJson(value, this.exact);
    if (current === null) {
      // The reference trims trailing whitespace from the first text of an element (not from
      // values collected under `#text`), before any text that follows is joined to it:
      // `If-None-Match: &quot;x&quot;` becomes `If-None-Match:"x"`.
      put(holder, key, typeof json === 'string' ? json.trimEnd() : json);
    } else if (isObject(current)) {
      const text = own(current, '#text');
      if (text === undefined || text === null) put(current, '#text', json);
      else if (Array.isArray(text)) text.push(json);
      else {
        delete current['#text'];
        put(current, '#text', [text, json]);
      }
    } else if (Array.isArray(current)) {
      current.push(json);
    } else {
      // Text following text joins it (the reference fails on a number or boolean here;
      // joining keeps the record).
      put(
        holder,
        key,
        `${typeof current === 'string' ? current : String(current)}${valueToText(value)}`,
      );
    }
  }

  entity(name: string): void {
    this.text({ type: 0x01, value: entityText(name) });
  }

  charRef(code: number): void {
    this.text({ type: 0x01, value: String.fromCharCode(code) });
  }

  cdata(text: string): void {
    this.text({ type: 0x01, value: text });
  }

  pi(): void {
    // Processing instructions have no place in the JSON form.
  }

  private openPlain(name: string): void {
    this.keys.push(name);
    this.walkPath();
    const container = this.holder;
    const old = own(container, name);
    put(container, name, null);
    if (!isEmpty(old)) put(container, this.duplicateKey(container, name), old as Json);
  }

  private openWithAttributes(name: string, attributes: XmlAttribute[]): void {
    this.keys.push(name);
    const attrs: JsonObject = {};
    let any = false;
    for (const a of attributes) {
      const value = valueToJson(a.value, this.exact);
      if (value === null) continue;
      put(attrs, a.name, value);
      any = true;
    }
    this.walkPath();
    const container = this.holder;
    if (!any) {
      put(container, name, null);
      return;
    }
    const old = own(container, name);
    if (isObject(old) && Object.keys(old).length > 0) {
      put(container, this.duplicateKey(container, name), old);
    }
    put(container, name, { '#attributes': attrs });
  }

  /** `name_N` with N one past the highest suffix already used under this parent. */
  private duplicateKey(container: JsonObject, name: string): string {
    let next = 1;
    const prefix = `${name}_`;
    for (const key of Object.keys(container)) {
      if (!key.startsWith(prefix)) continue;
      const rest = key.slice(prefix.length);
      if (/^[0-9]{1,15}$/.test(rest)) next = Math.max(next, Number(rest) + 1);
    }
    return `${name}_${next}`;
  }

  /**
   * Walks the open elements from the root, creating what is missing, and leaves the object
   * holding the innermost one in `holder`, with its key in `key`. (Fields rather than a
   * returned pair: this runs for every element and text of every record.)
   */
  private walkPath(): void {
    let holder = this.top;
    let key = 'root';
    for (const k of this.keys) {
      let v = holder[key] as Json;
      if (!isObject(v) || !Object.hasOwn(v, k)) {
        if (v === null) {
          v = {};
          put(v, k, {});
          put(holder, key, v);
        } else if (!isObject(v)) {
          const wrapped: JsonObject = {};
          put(wrapped, k, v);
          put(holder, key, wrapped);
          v = wrapped;
        } else {
          put(v, k, {});
        }
      }
      holder = v;
      key = k;
    }
    this.holder = holder;
    this.key = key;
  }
}
