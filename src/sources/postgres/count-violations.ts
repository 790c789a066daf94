/**
 * Hard checks as PostgreSQL counting queries: one `SELECT ... AS violations` per check, each counting the rows
 * that break it (duplicate keys beyond the first, unresolved references, nulls, failed checks and rules,
 * children before their parent).
 * Expressions are schema text from the task files and run as written; the session is read-only.
 */
import type { CheckedDataset, HardCheck } from '../contract.js';
import { quoteIdentifier, quoteQualified } from './identifiers.js';

function tableOf(dataset: CheckedDataset): string {
  return quoteQualified(dataset.namespace, dataset.local);
}

/** `p.parent = c.child` for each pair of `fields` and `parentFields`. */
function joinOn(fields: readonly string[], parentFields: readonly string[]): string {
  return fields
    .map((field, index) => `p.${quoteIdentifier(parentFields[index] ?? field)} = c.${quoteIdentifier(field)}`)
    .join(' AND ');
}

function allNotNull(fields: readonly string[], alias = ''): string {
  return fields.map((field) => `${alias}${quoteIdentifier(field)} IS NOT NULL`).join(' AND ');
}

/** The query counting the rows of `check`'s dataset that break it (one row, one `violations` column). */
export function renderViolationQuery(check: HardCheck): string {
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
      return `SELECT coalesce(sum(n - 1), 0)::bigint AS violations FROM (SELECT count(*) AS n FROM ${table}${where} GROUP BY ${columns} HAVING count(*) > 1) AS duplicates`;
    }
    case 'not-null':
      return `SELECT count(*)::bigint AS violations FROM ${table} WHERE ${quoteIdentifier(check.field)} IS NULL`;
    case 'reference': {
      const joined = joinOn(check.fields, check.parentFields);
      // MATCH SIMPLE skips a reference with any null part; MATCH FULL also refuses a partly null one.
      const partlyNull = check.fields.map((field) => `c.${quoteIdentifier(field)} IS NULL`).join(' OR ');
      const unresolved = `(${allNotNull(check.fields, 'c.')} AND NOT EXISTS (SELECT 1 FROM ${tableOf(check.parent)} AS p WHERE ${joined}))`;
      const where =
        check.matchFull && check.fields.length > 1
          ? `${unresolved} OR ((${partlyNull}) AND NOT (${check.fields.map((field) => `c.${quoteIdentifier(field)} IS NULL`).join(' AND ')}))`
          : unresolved;
      return `SELECT count(*)::bigint AS violations FROM ${table} AS c WHERE ${where}`;
    }
    case 'check':
    case 'expression':
      // A check passes on NULL, so only a definite false counts.
      return `SELECT count(*)::bigint AS violations FROM ${table} WHERE (${check.expression}) IS FALSE`;
    case 'ordered': {
      const [first, second] = check.fields;
      const operator = check.strict ? '>=' : '>';
      return `SELECT count(*)::bigint AS violations FROM ${table} WHERE ${quoteIdentifier(first)} ${operator} ${quoteIdentifier(second)}`;
    }
    case 'depends': {
      // As the profiler measured the rule: only rows where the determinants and the dependent have values,
      // compared by their text as the profiler compares them (xml and json have no equality of their own).
      const columns = check.fields.map((field) => quoteIdentifier(field));
      const dependent = quoteIdentifier(check.determines);
      const present = columns.map((column) => `${column} IS NOT NULL`).join(' AND ');
      const groups = columns.map((column) => `${column}::text`).join(', ');
      return `SELECT coalesce(sum(n), 0)::bigint AS violations FROM (SELECT count(${dependent}) AS n FROM ${table} WHERE ${present} GROUP BY ${groups} HAVING count(DISTINCT ${dependent}::text) > 1) AS conflicts`;
    }
    case 'after-parent': {
      // As the profiler measured the rule: rows whose reference resolves and whose two values are present.
      const operator = check.strict ? '<=' : '<';
      return `SELECT count(*)::bigint AS violations FROM ${table} AS c JOIN ${tableOf(check.parent)} AS p ON ${joinOn(check.fields, check.parentFields)} WHERE c.${quoteIdentifier(check.field)} ${operator} p.${quoteIdentifier(check.parentField)}`;
    }
  }
}
