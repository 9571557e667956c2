/**
 * JSON.parse that never rounds big integers: an integer literal with 16 or more digits
 * (beyond what a double holds exactly) is turned into a string before parsing, so ids and
 * phone numbers typed as numbers by the vendor keep every digit. Strings are left alone.
 */
export function parseJsonKeepingBigInts(text: string): unknown {
  // Fast path: no unquoted number of 16+ digits after a ':' ',' or '[' (strings start with a
  // quote, so phone numbers sent as strings don't count).
  if (!/[:,[]\s*-?\d{16}/.test(text)) return JSON.parse(text);
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
