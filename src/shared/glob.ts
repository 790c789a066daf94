/** Name globs (`public.*`, `*.email`, `orders.?d`), matched case-insensitively: dataset filters, field exclusions, privacy overrides. */

const cache = new Map<string, RegExp>();

/** True when `name` matches the glob `pattern` (`*` any run of characters, `?` one character). */
export function matchesGlob(pattern: string, name: string): boolean {
  let regex = cache.get(pattern);
  if (regex === undefined) {
    const body = pattern
      .split('')
      .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
      .join('');
    regex = new RegExp(`^${body}$`, 'i');
    cache.set(pattern, regex);
  }
  return regex.test(name);
}

/** True when `name` matches any of `patterns`. */
export function matchesAnyGlob(patterns: readonly string[], name: string): boolean {
  return patterns.some((pattern) => matchesGlob(pattern, name));
}

/** True when `text` holds a glob wildcard (`*` or `?`) rather than naming one thing literally. */
export function isGlob(text: string): boolean {
  return text.includes('*') || text.includes('?');
}
