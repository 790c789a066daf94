/**
 * The contract suite's neutral fixture on MySQL/MariaDB: DDL and rows in the address's database (MySQL's
 * namespace), created through the kind's own target session (its `execute` runs DDL).
 */
import type { LogicalType } from '../../../../src/catalog/logical-type.js';
import type { Value } from '../../../../src/catalog/values.js';
import type { Address } from '../../../../src/shared/address.js';
import { silentLogger } from '../../../../src/shared/log.js';
import { mysqlKind } from '../../../../src/sources/mysql/kind.js';
import type { MysqlTarget } from '../../../../src/sources/mysql/target-session.js';
import type { NeutralDataset, NeutralField } from './neutral-fixture.js';

function literal(value: Value): string {
  if (value === null) return 'NULL';
  if (typeof value === 'boolean') return value ? '1' : '0';
  if (typeof value === 'number') return String(value);
  return `'${String(value).replace(/'/g, "''")}'`;
}

const MYSQL_TYPES: Partial<Record<LogicalType, (field: NeutralField) => string>> = {
  integer: () => 'int',
  string: (field) => (field.length === undefined ? 'text' : `varchar(${field.length})`),
  decimal: (field) => `decimal(${field.precision ?? 12},${field.scale ?? 0})`,
  float: () => 'double',
  boolean: () => 'tinyint(1)',
  date: () => 'date',
  timestamp: () => 'datetime',
};

/** The neutral fixture as MySQL DDL and INSERTs, in the address's database. */
/** MySQL reads `2024-01-01 10:00:00`, not the `T` of the neutral form. */
function timestampText(field: NeutralField, value: Value): Value {
  return field.logical === 'timestamp' && typeof value === 'string' ? value.replace('T', ' ') : value;
}

function renderMysqlFixture(fixture: readonly NeutralDataset[]): string[] {
  const name = (text: string) => `\`${text.replaceAll('`', '``')}\``;
  const statements: string[] = [];
  for (const dataset of fixture) {
    const columns = dataset.fields.map((field) => {
      const type = MYSQL_TYPES[field.logical]?.(field);
      if (type === undefined) throw new Error(`no MySQL type for ${field.logical}`);
      return `${name(field.name)} ${type}${field.nullable ? ' NULL' : ' NOT NULL'}`;
    });
    columns.push(`PRIMARY KEY (${dataset.primary.map(name).join(', ')})`);
    for (const check of dataset.checks) columns.push(`CHECK (${name(check.field)} >= ${check.min})`);
    statements.push(`CREATE TABLE ${name(dataset.name)} (${columns.join(', ')}) ENGINE=InnoDB`);
  }
  for (const dataset of fixture)
    for (const reference of dataset.references)
      statements.push(
        `ALTER TABLE ${name(dataset.name)} ADD FOREIGN KEY (${reference.fields.map(name).join(', ')}) REFERENCES ${name(reference.to)} (${reference.toFields.map(name).join(', ')})`,
      );
  statements.push('SET SESSION foreign_key_checks = 0');
  for (const dataset of fixture) {
    const names = dataset.fields.map((field) => name(field.name)).join(', ');
    const values = dataset.rows.map(
      (row) =>
        `(${dataset.fields.map((field) => literal(timestampText(field, row[field.name] ?? null))).join(', ')})`,
    );
    statements.push(`INSERT INTO ${name(dataset.name)} (${names}) VALUES ${values.join(', ')}`);
  }
  statements.push('SET SESSION foreign_key_checks = 1');
  statements.push(...fixture.map((dataset) => `ANALYZE TABLE ${name(dataset.name)}`));
  return statements;
}

/** Creates the fixture in the MySQL database at `address`. */
export async function createMysqlFixture(
  address: Address,
  fixture: readonly NeutralDataset[],
): Promise<void> {
  const target = (await mysqlKind.openTarget(address, { log: silentLogger, name: 'fixture' })) as MysqlTarget;
  try {
    await target.execute(renderMysqlFixture(fixture));
  } finally {
    await target.close();
  }
}
