/**
 * Parsers for PostgreSQL's text forms of arrays (`{1,"a b",NULL}`) and composite records (`(1,"x",)`); the
 * matching writer is catalog/value-text.ts. Pure functions: the element and attribute texts are handed to
 * callers' parsers.
 */

/** Splits an array literal into nested element texts; `null` for NULL elements. */
export function parseArrayLiteral(text: string, delimiter = ','): ArrayText {
  let position = 0;
  // Non-default lower bounds are printed as a `[1:3]=` prefix.
  if (text.startsWith('[')) position = text.indexOf('=') + 1;
  const parseLevel = (): ArrayText => {
    if (text[position] !== '{') throw new Error(`Malformed array literal: ${text.slice(0, 40)}`);
    position += 1;
    const items: (ArrayText | string | null)[] = [];
    if (text[position] === '}') {
      position += 1;
      return items;
    }
    for (;;) {
      const char = text[position];
      if (char === '{') items.push(parseLevel());
      else if (char === '"') {
        position += 1;
        let value = '';
        while (position < text.length && text[position] !== '"') {
          if (text[position] === '\\') position += 1;
          value += text[position] ?? '';
          position += 1;
        }
        position += 1;
        items.push(value);
      } else {
        const start = position;
        while (position < text.length && text[position] !== delimiter && text[position] !== '}')
          position += 1;
        const raw = text.slice(start, position).trim();
        items.push(raw.toUpperCase() === 'NULL' ? null : raw);
      }
      const next = text[position];
      position += 1;
      if (next === '}') return items;
      if (next !== delimiter) throw new Error(`Malformed array literal: ${text.slice(0, 40)}`);
    }
  };
  return parseLevel();
}

/** Nested element texts of an array literal. */
export type ArrayText = readonly (ArrayText | string | null)[];

/** Splits a composite record literal into attribute texts; `null` for empty (NULL) attributes. */
export function parseRecordLiteral(text: string): (string | null)[] {
  if (!text.startsWith('(') || !text.endsWith(')')) throw new Error(`Malformed record: ${text.slice(0, 40)}`);
  const body = text.slice(1, -1);
  const values: (string | null)[] = [];
  let position = 0;
  for (;;) {
    let value = '';
    let quoted = false;
    while (position < body.length && body[position] !== ',') {
      const char = body[position];
      if (char === '"') {
        quoted = true;
        position += 1;
        while (position < body.length) {
          if (body[position] === '"' && body[position + 1] === '"') {
            value += '"';
            position += 2;
          } else if (body[position] === '"') break;
          else {
            if (body[position] === '\\') position += 1;
            value += body[position] ?? '';
            position += 1;
          }
        }
        position += 1;
      } else {
        if (char === '\\') position += 1;
        value += body[position] ?? '';
        position += 1;
      }
    }
    values.push(value === '' && !quoted ? null : value);
    if (position >= body.length) return values;
    position += 1;
  }
}
