/**
 * Loads the demo shop into a PostgreSQL database (the embedded PGlite in `doppel demo`): the schema and every
 * table as multi-row INSERTs inside one transaction, then ANALYZE so row estimates are right.
 */
import pg from 'pg';
import type { DemoTable, DemoValue } from './demo-data.js';
import { DEMO_SCHEMA_SQL } from './demo-schema.js';

const ROWS_PER_INSERT = 1000;

/** A SQL literal for a demo value. */
export function renderLiteral(value: DemoValue): string {
  if (value === null) return 'NULL';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (typeof value === 'string') return quoteText(value);
  if (Array.isArray(value)) return `ARRAY[${value.map(quoteText).join(',')}]::text[]`;
  return `${quoteText(JSON.stringify((value as { json: unknown }).json))}::jsonb`;
}

function quoteText(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

/** The INSERT statements of one table, `ROWS_PER_INSERT` rows each. */
export function renderInserts(table: DemoTable): string[] {
  const statements: string[] = [];
  const head = `INSERT INTO ${table.name} (${table.columns.join(', ')})${table.overriding ? ' OVERRIDING SYSTEM VALUE' : ''} VALUES `;
  for (let start = 0; start < table.rows.length; start += ROWS_PER_INSERT) {
    const rows = table.rows
      .slice(start, start + ROWS_PER_INSERT)
      .map((row) => `(${row.map(renderLiteral).join(',')})`);
    statements.push(head + rows.join(',\n'));
  }
  return statements;
}

/** Creates the schema and loads `tables` at `url` in one transaction. */
export async function loadDemo(url: string, tables: readonly DemoTable[]): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN');
    await client.query(DEMO_SCHEMA_SQL);
    for (const table of tables) for (const statement of renderInserts(table)) await client.query(statement);
    await client.query('COMMIT');
    await client.query('ANALYZE');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end();
  }
}
