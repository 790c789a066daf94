/**
 * The parts of an email address a profile may keep (DESIGN.md, privacy): its domain when at least k rows share
 * it (a company domain), and the shape of its local part, never the local part itself.
 */

/**
 * The shape of an email local part: letter runs as `a`, each digit as `9` (runs longer than six as six), and
 * other characters as themselves (`.`, `_`, `-`, `+`; anything else as `?`).
 */
export function describeLocalShape(local: string): string {
  let shape = '';
  let digits = 0;
  for (let i = 0; i < local.length && shape.length < 24; i++) {
    const code = local.charCodeAt(i);
    const letter = (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code > 127;
    if (code >= 48 && code <= 57) {
      if (digits++ < 6) shape += '9';
      continue;
    }
    digits = 0;
    if (letter) {
      if (!shape.endsWith('a')) shape += 'a';
    } else shape += '._-+'.includes(local[i]!) ? local[i]! : '?';
  }
  return shape;
}
