/**
 * JSON.parse that never rounds big integers: an integer literal with 16 or more digits
 * (beyond what a double holds exactly) is turned into a string before parsing, so ids and
 * phone numbers typed as numbers by the vendor keep every digit. Strings are left alone.
 */
export function parseJsonKeepingBigInts(text: string): unknown {
  // Fast path: parse as is. An integer literal beyond 2^53 - 1 can only come out as an
  // integer-valued number that is not a safe integer, and one look at the parsed values finds
  // those (much cheaper than scanning the text); only then is the text scanned and reparsed.
  // Text JSON.parse refuses goes through the scan too, whose own JSON.parse then throws.
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return parseScanned(text);
  }
  return hasUnsafeInteger(value) ? parseScanned(text) : value;
}

/** True when any number in the parsed value is an integer beyond ±(2^53 - 1). Iterative: any depth. */
function hasUnsafeInteger(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return typeof value === 'number' && unsafe(value);
  const stack: object[] = [value];
  while (stack.length > 0) {
    const o = stack.pop()!;
    if (Array.isArray(o)) {
      for (let i = 0; i < o.length; i++) {
        const v = o[i];
        if (typeof v === 'number') {
          if (unsafe(v)) return true;
        } else if (typeof v === 'object' && v !== null) stack.push(v);
      }
    } else {
      for (const k in o) {
        const v = (o as Record<string, unknown>)[k];
        if (typeof v === 'number') {
          if (unsafe(v)) return true;
        } else if (typeof v === 'object' && v !== null) stack.push(v);
      }
    }
  }
  return false;
}

/** Every double from 2^53 up is an integer (Infinity included: a literal of 309+ digits). */
function unsafe(n: number): boolean {
  return n >= 9007199254740992 || n <= -9007199254740992;
}

/** Quotes every unsafe integer literal outside strings, then parses. */
function parseScanned(text: string): unknown {
  let out = '';
  let last = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (c === 0x22) {
      inString = true;
      continue;
    }
    const isMinus = c === 0x2d;
    if (isMinus || (c >= 0x30 && c <= 0x39)) {
      let j = isMinus ? i + 1 : i;
      while (j < text.length && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) j++;
      const digits = j - (isMinus ? i + 1 : i);
      const next = text.charCodeAt(j);
      const isInteger = next !== 0x2e /* . */ && next !== 0x65 /* e */ && next !== 0x45; /* E */
      if (isInteger && digits >= 16 && !Number.isSafeInteger(Number(text.slice(i, j)))) {
        out += text.slice(last, i) + '"' + text.slice(i, j) + '"';
        last = j;
      }
      i = j - 1;
    }
  }
  return JSON.parse(out + text.slice(last));
}

/** How deep a record's JSON is written out (the details panel, exports, odd fields as text). */
export const MAX_JSON_DEPTH = 64;
/** What a value nested deeper than that is written as. */
export const NESTED_TOO_DEEP = '… nested too deep';

/**
 * `value` itself when no object or array in it is nested deeper than `maxDepth` (the value
 * itself is depth 1), else a copy in which each one deeper is `placeholder`. For
 * JSON.stringify, which recurses: a server's record nested some 5,000 levels deep overflows the
 * stack (a reply can be 8 MiB of brackets), and indentation grows with the square of the depth.
 * The check is iterative; the copy recurses at most `maxDepth` levels.
 */
export function capDepth(value: unknown, maxDepth = MAX_JSON_DEPTH, placeholder: unknown = NESTED_TOO_DEEP): unknown {
  return deeperThan(value, maxDepth) ? copyTo(value, maxDepth, placeholder) : value;
}

function deeperThan(value: unknown, maxDepth: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: [object, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [o, depth] = stack.pop()!;
    if (depth > maxDepth) return true;
    for (const v of Array.isArray(o) ? o : Object.values(o)) if (typeof v === 'object' && v !== null) stack.push([v, depth + 1]);
  }
  return false;
}

function copyTo(value: unknown, levels: number, placeholder: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (levels <= 0) return placeholder;
  if (Array.isArray(value)) return value.map((v) => copyTo(v, levels - 1, placeholder));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    // defineProperty: a key "__proto__" (JSON.parse makes it an own key) stays a key.
    Object.defineProperty(out, k, { value: copyTo(v, levels - 1, placeholder), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
