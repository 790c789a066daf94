/**
 * The parts of an email address a profile may keep (DESIGN.md, privacy): its domain when at least k rows share
 * it (a company domain), and the shape of its local part, never the local part itself.
 */

/**
 * The shape of an email local part: each letter run as `a` (lower or mixed case), `A` (upper case) or `Aa`
 * (an initial capital, the rest lower case; a lone capital too), each digit as `9` (runs longer than six as
 * six), and other characters as themselves (`.`, `_`, `-`, `+`; anything else as `?`). Letters beyond ASCII
 * are letters without case.
 */
export function describeLocalShape(local: string): string {
  let shape = '';
  let digits = 0;
  for (let i = 0; i < local.length && shape.length < 24; i++) {
    const code = local.charCodeAt(i);
    if (code >= 48 && code <= 57) {
      if (digits++ < 6) shape += '9';
      continue;
    }
    digits = 0;
    if (!isLetter(code)) {
      shape += '._-+'.includes(local[i]!) ? local[i]! : '?';
      continue;
    }
    const start = i;
    let upper = 0;
    while (i < local.length && isLetter(local.charCodeAt(i))) {
      if (isUpper(local.charCodeAt(i))) upper++;
      i++;
    }
    i--;
    const length = i - start + 1;
    if (upper === length && length > 1) shape += 'A';
    else if (upper === 1 && isUpper(local.charCodeAt(start))) shape += 'Aa';
    else shape += 'a';
  }
  return shape;
}

function isLetter(code: number): boolean {
  return isUpper(code) || (code >= 97 && code <= 122) || code > 127;
}

function isUpper(code: number): boolean {
  return code >= 65 && code <= 90;
}
