/**
 * Matching qualified dataset names against include/exclude globs (`public.*`, `*.orders`, `shop.order_?`).
 * Shared by every source: `*` matches any run of characters, `?` one character; everything else is literal.
 */
import type { DatasetFilter } from '../../contract.js';

/** Turns a glob into an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  const body = [...glob]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : char.replace(/[.+^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${body}$`, 's');
}

/** True when the qualified `name` passes the filter's include and exclude globs. */
export function matchesFilter(name: string, filter: DatasetFilter): boolean {
  const matches = (globs: readonly string[]) => globs.some((glob) => globToRegExp(glob).test(name));
  if (filter.include !== undefined && filter.include.length > 0 && !matches(filter.include)) return false;
  return !(filter.exclude !== undefined && matches(filter.exclude));
}
