// Locale-independent "natural" ordering (class2 < class10), so that class order and split
// assignment do not change with the user's OS language, and a total order so that sorting is stable.

const CHUNK = /(\d+)|(\D+)/g;

function chunks(text: string): string[] {
  return text.match(CHUNK) ?? [];
}

/** Plain UTF-16 code-unit comparison (what `Array.prototype.sort()` does), as a comparator. */
export function codePointCompare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Compares digit runs by numeric value (arbitrary length, leading zeros ignored, then fewer zeros
 * first) and other runs case-insensitively; ties are broken by code-unit order, so distinct strings
 * never compare equal.
 */
export function naturalCompare(a: string, b: string): number {
  const ca = chunks(a);
  const cb = chunks(b);
  const n = Math.min(ca.length, cb.length);
  for (let i = 0; i < n; i++) {
    const x = ca[i];
    const y = cb[i];
    const xDigit = x.charCodeAt(0) >= 48 && x.charCodeAt(0) <= 57;
    const yDigit = y.charCodeAt(0) >= 48 && y.charCodeAt(0) <= 57;
    if (xDigit && yDigit) {
      const xs = x.replace(/^0+/, '');
      const ys = y.replace(/^0+/, '');
      if (xs.length !== ys.length) return xs.length - ys.length;
      const c = codePointCompare(xs, ys);
      if (c !== 0) return c;
      if (x.length !== y.length) return x.length - y.length;
    } else if (xDigit !== yDigit) {
      // Digits before letters, as in plain code-unit order.
      return xDigit ? -1 : 1;
    } else {
      // toLowerCase (not toLocaleLowerCase) is locale-independent.
      const c = codePointCompare(x.toLowerCase(), y.toLowerCase());
      if (c !== 0) return c;
    }
  }
  if (ca.length !== cb.length) return ca.length - cb.length;
  return codePointCompare(a, b);
}

/** A sorted copy in natural order. */
export function naturalSort(items: readonly string[]): string[] {
  return [...items].sort(naturalCompare);
}
