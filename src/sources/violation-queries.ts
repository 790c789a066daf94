/**
 * Hard checks as SQL counting queries (PostgreSQL, MySQL/MariaDB): one `SELECT ... AS violations` per check,
 * each counting the rows that break it (duplicate keys beyond the first, unresolved references, nulls,
 * failed checks and rules, children before their parent). Expressions are schema text from the task files
 * and run as written; the session is read-only. The checks themselves (`HardCheck`) are defined here too.
 */

/** A table as a hard check names it: the qualified name plus its parts. */
export interface CheckedDataset {
  readonly name: string;
  readonly namespace?: string;
  readonly local: string;
}

/**
 * A rule every row must keep, counted by `doppel validate`: keys unique, references resolving, required
 * fields filled, check constraints and the task files' rules holding. Expressions are schema text.
 */
export type HardCheck =
  | {
      readonly kind: 'primary-key' | 'unique';
      readonly dataset: CheckedDataset;
      readonly fields: readonly string[];
      readonly predicate?: string;
      readonly nullsDistinct: boolean;
    }
  | { readonly kind: 'not-null'; readonly dataset: CheckedDataset; readonly field: string }
  | ({ readonly kind: 'reference'; readonly matchFull: boolean } & ParentJoin)
  | { readonly kind: 'check' | 'expression'; readonly dataset: CheckedDataset; readonly expression: string }
  | {
      readonly kind: 'ordered';
      readonly dataset: CheckedDataset;
      readonly fields: readonly [string, string];
      readonly strict: boolean;
    }
  | {
      readonly kind: 'depends';
      readonly dataset: CheckedDataset;
      readonly fields: readonly string[];
      readonly determines: string;
    }
  | ({
      /** A child's `field` at least (`strict`: after) its parent's `parentField`. */
      readonly kind: 'after-parent';
      readonly field: string;
      readonly parentField: string;
      readonly strict: boolean;
    } & ParentJoin);

/** A child dataset's rows joined to their parent's through `fields` -> `parentFields`. */
interface ParentJoin {
  readonly dataset: CheckedDataset;
  readonly fields: readonly string[];
  readonly parent: CheckedDataset;
  readonly parentFields: readonly string[];
}

/** How a database writes what the queries need. */
export interface ViolationDialect {
  quoteIdentifier(name: string): string;
  quoteQualified(namespace: string | undefined, local: string): string;
  /** A count as a whole number (`sum` gives a decimal in some). */
  count(expression: string): string;
  /** A value as its text, to compare values of types without an equality of their own (xml, json). */
  text(expression: string): string;
}

/**
 * The rows breaking each of `checks` (same order), one query at a time through `count`, which runs a query
 * (`what` says what for errors) and reads its one `violations` value.
 */
export async function countViolations(
  checks: readonly HardCheck[],
  dialect: ViolationDialect,
  count: (what: string, query: string) => Promise<number>,
): Promise<number[]> {
  const counts: number[] = [];
  for (const check of checks)
    counts.push(
      await count(
        `counting ${check.kind} violations in ${check.dataset.name}`,
        renderViolationQuery(check, dialect),
      ),
    );
  return counts;
}

/** The query counting the rows of `check`'s dataset that break it (one row, one `violations` column). */
export function renderViolationQuery(check: HardCheck, dialect: ViolationDialect): string {
  const { quoteIdentifier, quoteQualified } = dialect;
  const tableOf = (dataset: CheckedDataset) => quoteQualified(dataset.namespace, dataset.local);
  /** `p.parent = c.child` for each pair of `fields` and `parentFields`. */
  const joinOn = (fields: readonly string[], parentFields: readonly string[]) =>
    fields
      .map(
        (field, index) => `p.${quoteIdentifier(parentFields[index] ?? field)} = c.${quoteIdentifier(field)}`,
      )
      .join(' AND ');
  const allNotNull = (fields: readonly string[], alias = '') =>
    fields.map((field) => `${alias}${quoteIdentifier(field)} IS NOT NULL`).join(' AND ');
  const table = tableOf(check.dataset);
  switch (check.kind) {
    case 'primary-key':
    case 'unique': {
      const columns = check.fields.map((field) => quoteIdentifier(field)).join(', ');
      const conditions = [
        ...(check.nullsDistinct ? [allNotNull(check.fields)] : []),
        ...(check.predicate === undefined ? [] : [`(${check.predicate})`]),
      ];
      const where = conditions.length === 0 ? '' : ` WHERE ${conditions.join(' AND ')}`;
      return `SELECT ${dialect.count('coalesce(sum(n - 1), 0)')} AS violations FROM (SELECT count(*) AS n FROM ${table}${where} GROUP BY ${columns} HAVING count(*) > 1) AS duplicates`;
    }
    case 'not-null':
      return `SELECT count(*) AS violations FROM ${table} WHERE ${quoteIdentifier(check.field)} IS NULL`;
    case 'reference': {
      const joined = joinOn(check.fields, check.parentFields);
      // MATCH SIMPLE skips a reference with any null part; MATCH FULL also refuses a partly null one.
      const partlyNull = check.fields.map((field) => `c.${quoteIdentifier(field)} IS NULL`).join(' OR ');
      const unresolved = `(${allNotNull(check.fields, 'c.')} AND NOT EXISTS (SELECT 1 FROM ${tableOf(check.parent)} AS p WHERE ${joined}))`;
      const where =
        check.matchFull && check.fields.length > 1
          ? `${unresolved} OR ((${partlyNull}) AND NOT (${check.fields.map((field) => `c.${quoteIdentifier(field)} IS NULL`).join(' AND ')}))`
          : unresolved;
      return `SELECT count(*) AS violations FROM ${table} AS c WHERE ${where}`;
    }
    case 'check':
    case 'expression':
      // A check passes on NULL, so only a definite false counts.
      return `SELECT count(*) AS violations FROM ${table} WHERE (${check.expression}) IS FALSE`;
    case 'ordered': {
      const [first, second] = check.fields;
      const operator = check.strict ? '>=' : '>';
      return `SELECT count(*) AS violations FROM ${table} WHERE ${quoteIdentifier(first)} ${operator} ${quoteIdentifier(second)}`;
    }
    case 'depends': {
      // As the profiler measured the rule: only rows where the determinants and the dependent have values,
      // compared by their text as the profiler compares them (xml and json have no equality of their own).
      const columns = check.fields.map((field) => quoteIdentifier(field));
      const dependent = quoteIdentifier(check.determines);
      const present = columns.map((column) => `${column} IS NOT NULL`).join(' AND ');
      const groups = columns.map((column) => dialect.text(column)).join(', ');
      return `SELECT ${dialect.count('coalesce(sum(n), 0)')} AS violations FROM (SELECT count(${dependent}) AS n FROM ${table} WHERE ${present} GROUP BY ${groups} HAVING count(DISTINCT ${dialect.text(dependent)}) > 1) AS conflicts`;
    }
    case 'after-parent': {
      // As the profiler measured the rule: rows whose reference resolves and whose two values are present.
      const operator = check.strict ? '<=' : '<';
      return `SELECT count(*) AS violations FROM ${table} AS c JOIN ${tableOf(check.parent)} AS p ON ${joinOn(check.fields, check.parentFields)} WHERE c.${quoteIdentifier(check.field)} ${operator} p.${quoteIdentifier(check.parentField)}`;
    }
  }
}
