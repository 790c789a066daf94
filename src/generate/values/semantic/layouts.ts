/**
 * Layouts of phone numbers and postal codes (`#` a digit, `A` a capital letter, anything else written as it
 * is) and the choice among them by written length.
 */
import type { Random } from '../../../shared/random.js';

const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';

/**
 * Whether `layout` uses only characters the measured `classes` allow: capitals need `upper`, spaces `space`,
 * anything but digits, capitals and spaces `punct` (digits always fit).
 */
export function layoutAllowed(layout: string, classes: readonly string[]): boolean {
  if (layout.includes('A') && !classes.includes('upper')) return false;
  if (layout.includes(' ') && !classes.includes('space')) return false;
  return !/[^#A ]/.test(layout) || classes.includes('punct');
}

/** For a drawn length, the items of that length, else of the nearest (worked out once per length). */
export function groupByNearestSize<T>(
  items: readonly T[],
  sizeOf: (item: T) => number,
): (target: number) => readonly T[] {
  const bySize = new Map<number, readonly T[]>();
  return (target) => {
    let found = bySize.get(target);
    if (found === undefined) {
      const nearest = Math.min(...items.map((item) => Math.abs(sizeOf(item) - target)));
      found = items.filter((item) => Math.abs(sizeOf(item) - target) === nearest);
      bySize.set(target, found);
    }
    return found;
  };
}

/** `layout` filled with random digits (the first one 2-9 when `leading` says so) and capitals. */
export function fillLayout(random: Random, layout: string, leading = false): string {
  let text = '';
  let first = leading;
  for (const char of layout) {
    if (char === '#') {
      text += String(first ? random.between(2, 9) : random.below(10));
      first = false;
    } else text += char === 'A' ? LETTERS[random.below(LETTERS.length)]! : char;
  }
  return text;
}
