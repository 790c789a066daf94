/**
 * Quoting MySQL/MariaDB identifiers and literals. Every name that reaches SQL text goes through here, so
 * databases, tables and columns with backticks, spaces, unicode, mixed case or reserved words work everywhere.
 */

/** Quotes one identifier: `order` → `` `order` ``, ``a`b`` → ``` `a``b` ```. */
export function quoteIdentifier(name: string): string {
  return `\`${name.replaceAll('`', '``')}\``;
}

/** Quotes a database-qualified name; `namespace` may be absent. */
export function quoteQualified(namespace: string | undefined, local: string): string {
  return namespace === undefined || namespace === ''
    ? quoteIdentifier(local)
    : `${quoteIdentifier(namespace)}.${quoteIdentifier(local)}`;
}

/** Quotes a string literal for a session in doppel's sql_mode (backslashes are not escapes). */
export function quoteLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** Quotes a comma-separated identifier list. */
export function quoteIdentifierList(names: readonly string[]): string {
  return names.map(quoteIdentifier).join(', ');
}
