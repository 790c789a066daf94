/**
 * Parses the simple check-constraint shapes the catalogs print (`pg_get_constraintdef`, MySQL's CHECK_CLAUSE)
 * into the catalog's `ParsedCheck`:
 * ranges (`qty >= 0 AND qty <= 100`), IN lists (`status = ANY (ARRAY['a'::text, 'b'::text])`), comparisons
 * between two columns (`starts_at <= ends_at`), lengths (`char_length(code) <= 8`) and `IS NOT NULL`, each
 * also behind `f IS NULL OR` (which a check already allows); and `f IS NULL OR (g IS NOT NULL AND ...)`, which
 * asks for values in other fields where `f` has one (`when-present`).
 * Anything else stays raw text (`undefined` here). Pure.
 */
import { fieldsOfCheck, type ParsedCheck, type SimpleCheck } from '../catalog/model.js';

type Operator = '<' | '<=' | '>' | '>=' | '=' | '<>';
type Literal = number | string;

const OPERATORS: readonly Operator[] = ['<=', '>=', '<>', '<', '>', '='];
const FLIPPED: Record<Operator, Operator> = {
  '<': '>',
  '<=': '>=',
  '>': '<',
  '>=': '<=',
  '=': '=',
  '<>': '<>',
};
const IDENTIFIER = String.raw`(?:"(?:[^"]|"")+"|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*)`;
const CAST = String.raw`(?:::[A-Za-z_ ]+(?:\([0-9, ]+\))?(?:\[\])*)*`;

/** Strips `CHECK (...)` and trailing `NOT VALID` / `NO INHERIT` from a constraint definition. */
export function stripCheckKeyword(definition: string): string {
  let text = definition.trim();
  text = text.replace(/\s+NOT VALID$/i, '').replace(/\s+NO INHERIT$/i, '');
  if (/^CHECK\s*\(/i.test(text) && text.endsWith(')')) text = text.replace(/^CHECK\s*/i, '');
  return text.trim();
}

/**
 * Parses a check expression (with or without the `CHECK` keyword). `valueName` is the field name to report for
 * domain checks, whose expressions say `VALUE`.
 */
export function parseCheck(definition: string, valueName = 'VALUE'): ParsedCheck | undefined {
  // The non-pretty form parenthesises identifiers before casts: `(kind)::text`.
  const expression = unwrap(
    stripCheckKeyword(definition).replace(new RegExp(`\\((${IDENTIFIER})\\)(?=::)`, 'g'), '$1'),
  );
  // OR binds looser than AND: `f IS NULL OR g IS NOT NULL AND f > g` is one alternative of two.
  const alternatives = splitTopLevel(expression, ' OR ');
  if (alternatives.length > 1) return parseWhenPresent(alternatives, valueName);
  return parseConjunction(expression, valueName);
}

/** Conjuncts (`a AND b AND ...`) that merge into one check (two bounds of a range, of a length). */
function parseConjunction(text: string, valueName: string): SimpleCheck | undefined {
  const parts = splitTopLevel(text, ' AND ').map((part) => unwrap(part.trim()));
  const parsed = parts.map((part) => parseConjunct(part, valueName));
  if (parsed.some((item) => item === undefined)) return undefined;
  return mergeChecks(parsed as SimpleCheck[]);
}

/**
 * `f IS NULL OR <conjuncts>`: a check passes when its expression is null, so a comparison on `f` says no more
 * than the comparison itself (`discount IS NULL OR discount <= price`); conjuncts `g IS NOT NULL` ask for
 * values beside `f`'s (`when-present`).
 */
function parseWhenPresent(alternatives: readonly string[], valueName: string): ParsedCheck | undefined {
  if (alternatives.length !== 2) return undefined;
  const [first, second] = alternatives.map((part) => unwrap(part.trim())) as [string, string];
  const isNull = new RegExp(`^(${IDENTIFIER})${CAST} IS NULL$`, 'i').exec(first);
  if (isNull?.[1] === undefined) return undefined;
  const field = readIdentifier(isNull[1], valueName);
  const present: string[] = [];
  const rest: string[] = [];
  for (const part of splitTopLevel(second, ' AND ').map((item) => unwrap(item.trim()))) {
    const notNull = new RegExp(`^(${IDENTIFIER})${CAST} IS NOT NULL$`, 'i').exec(part);
    if (notNull?.[1] === undefined) rest.push(part);
    else if (readIdentifier(notNull[1], valueName) !== field)
      present.push(readIdentifier(notNull[1], valueName));
  }
  const check = rest.length === 0 ? undefined : parseConjunction(rest.join(' AND '), valueName);
  if (rest.length > 0 && (check === undefined || check.kind === 'not-null')) return undefined;
  if (present.length > 0) return { kind: 'when-present', field, present, ...(check ? { check } : {}) };
  return check !== undefined && fieldsOfCheck(check).includes(field) ? check : undefined;
}

function parseConjunct(text: string, valueName: string): SimpleCheck | undefined {
  // `(f IS NULL OR <comparison on f>) AND ...`: one conjunct of several.
  const alternatives = splitTopLevel(text, ' OR ');
  if (alternatives.length > 1) {
    const parsed = parseWhenPresent(alternatives, valueName);
    return parsed?.kind === 'when-present' ? undefined : parsed;
  }
  const notNull = new RegExp(`^(${IDENTIFIER})${CAST} IS NOT NULL$`, 'i').exec(text);
  if (notNull?.[1] !== undefined) return { kind: 'not-null', field: readIdentifier(notNull[1], valueName) };
  const anyList = new RegExp(
    `^(${IDENTIFIER})${CAST} = ANY \\((?:\\()?ARRAY\\[(.*?)\\]\\)?${CAST}\\)$`,
    'i',
  ).exec(text);
  if (anyList?.[1] !== undefined && anyList[2] !== undefined) {
    const values = splitTopLevel(anyList[2], ', ').map((item) => readLiteral(item.trim()));
    if (values.some((value) => value === undefined)) return undefined;
    return { kind: 'in', field: readIdentifier(anyList[1], valueName), values: values as Literal[] };
  }
  for (const operator of OPERATORS) {
    const sides = splitTopLevel(text, ` ${operator} `);
    if (sides.length !== 2) continue;
    const [leftText, rightText] = sides.map((side) => unwrap(side.trim())) as [string, string];
    return parseComparison(leftText, operator, rightText, valueName);
  }
  return undefined;
}

function parseComparison(
  leftText: string,
  operator: Operator,
  rightText: string,
  valueName: string,
): SimpleCheck | undefined {
  const left = readOperand(leftText, valueName);
  const right = readOperand(rightText, valueName);
  if (left === undefined || right === undefined) return undefined;
  if (left.kind === 'literal' && right.kind !== 'literal')
    return parseComparison(rightText, FLIPPED[operator], leftText, valueName);
  if (left.kind === 'field' && right.kind === 'field') {
    if (operator === '=') return undefined;
    return { kind: 'compare', left: left.name, op: operator, right: right.name };
  }
  if (right.kind !== 'literal' || left.kind === 'literal') return undefined;
  if (operator === '<>') return undefined;
  if (operator === '=') {
    if (left.kind === 'length' && typeof right.value === 'number')
      return { kind: 'length', field: left.name, min: right.value, max: right.value };
    return left.kind === 'field' ? { kind: 'in', field: left.name, values: [right.value] } : undefined;
  }
  if (left.kind === 'length') {
    if (typeof right.value !== 'number') return undefined;
    const value = right.value;
    if (operator === '<=') return { kind: 'length', field: left.name, max: value };
    if (operator === '<') return { kind: 'length', field: left.name, max: value - 1 };
    if (operator === '>=') return { kind: 'length', field: left.name, min: value };
    return { kind: 'length', field: left.name, min: value + 1 };
  }
  const upper = operator === '<' || operator === '<=';
  const exclusive = operator === '<' || operator === '>';
  return upper
    ? { kind: 'range', field: left.name, max: right.value, ...(exclusive ? { maxExclusive: true } : {}) }
    : { kind: 'range', field: left.name, min: right.value, ...(exclusive ? { minExclusive: true } : {}) };
}

type Operand =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'length'; readonly name: string }
  | { readonly kind: 'literal'; readonly value: Literal };

function readOperand(text: string, valueName: string): Operand | undefined {
  const field = new RegExp(`^(${IDENTIFIER})${CAST}$`).exec(text);
  if (field?.[1] !== undefined && !/^(true|false|null)$/i.test(field[1]))
    return { kind: 'field', name: readIdentifier(field[1], valueName) };
  const length = new RegExp(
    `^(?:char_length|length|character_length)\\((${IDENTIFIER})${CAST}\\)$`,
    'i',
  ).exec(text);
  if (length?.[1] !== undefined) return { kind: 'length', name: readIdentifier(length[1], valueName) };
  const literal = readLiteral(text);
  return literal === undefined ? undefined : { kind: 'literal', value: literal };
}

function readLiteral(text: string): Literal | undefined {
  const bare = unwrap(text.replace(new RegExp(`${CAST}$`), '').trim());
  const string = /^'((?:[^']|'')*)'$/.exec(bare);
  if (string?.[1] !== undefined) return string[1].replaceAll("''", "'");
  const number = unwrap(bare.replace(new RegExp(`${CAST}$`), ''));
  if (/^-?\d+(\.\d+)?(e[+-]?\d+)?$/i.test(number)) return Number(number);
  return undefined;
}

function readIdentifier(text: string, valueName: string): string {
  if (text.startsWith('"')) return text.slice(1, -1).replaceAll('""', '"');
  return text === 'VALUE' ? valueName : text;
}

/** Removes parentheses that wrap the whole text. */
function unwrap(text: string): string {
  let current = text;
  while (current.startsWith('(') && current.endsWith(')') && closingParen(current, 0) === current.length - 1)
    current = current.slice(1, -1).trim();
  return current;
}

function closingParen(text: string, open: number): number {
  let depth = 0;
  let quote: string | null = null;
  for (let index = open; index < text.length; index += 1) {
    const char = text[index];
    if (quote !== null) {
      if (char === quote) quote = null;
    } else if (char === "'" || char === '"') quote = char;
    else if (char === '(' || char === '[') depth += 1;
    else if (char === ')' || char === ']') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** Splits on `separator` outside quotes, parentheses and brackets. */
function splitTopLevel(text: string, separator: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | null = null;
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (quote !== null) {
      if (char === quote) quote = null;
      continue;
    }
    if (char === "'" || char === '"') quote = char;
    else if (char === '(' || char === '[') depth += 1;
    else if (char === ')' || char === ']') depth -= 1;
    else if (depth === 0 && text.startsWith(separator, index)) {
      parts.push(text.slice(start, index));
      start = index + separator.length;
      index += separator.length - 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** Merges conjuncts on one field into one check (two range bounds, two length bounds); else undefined. */
function mergeChecks(checks: readonly SimpleCheck[]): SimpleCheck | undefined {
  const [first, ...rest] = checks;
  if (first === undefined) return undefined;
  let merged: SimpleCheck = first;
  for (const next of rest) {
    if (merged.kind === 'range' && next.kind === 'range' && merged.field === next.field)
      merged = { ...merged, ...next };
    else if (merged.kind === 'length' && next.kind === 'length' && merged.field === next.field)
      merged = { ...merged, ...next };
    else return undefined;
  }
  return merged;
}
