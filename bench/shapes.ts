/**
 * The table shapes every benchmark measures, built in the benchmark database with generate_series and kept
 * between runs (rebuilt when the row count is off): a plain 9-column customers table (integer key, unique
 * email, short name, timestamp, decimal amount, three low-cardinality text columns where one determines the
 * others, a phone), a 40-column wide table of mixed types, and a child table with two references (to the
 * customers and a small product table) whose primary key is the two of them.
 *
 * The database: DOPPEL_BENCH_PG_URL names the server (default: the local test server); the tables live in
 * its database `doppel_bench` (DOPPEL_BENCH_DATABASE to use another), created when missing.
 */
import pg from 'pg';

export const SERVER_URL = process.env.DOPPEL_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = process.env.DOPPEL_BENCH_DATABASE ?? 'doppel_bench';

export interface Shape {
  readonly table: string;
  readonly rows: number;
  /** What the shape is, for the printed table. */
  readonly label: string;
  /** Tables this one references (built first). */
  readonly parents: readonly string[];
  /** `SELECT ... FROM generate_series(1, $rows) g` building the rows. */
  readonly select: (rows: number) => string;
  /** Keys and references added after the rows. */
  readonly constraints: readonly string[];
}

const customers = (table: string, rows: number): Shape => ({
  table,
  rows,
  label: `9 columns, ${rows.toLocaleString('en')} rows`,
  parents: [],
  select: (count) => `
    SELECT g::bigint AS id,
      'user' || g || '@example' || (g % 13) || '.com' AS email,
      (ARRAY['Anna','Ben','Cora','Dan','Eva','Finn','Gus','Hana'])[1 + g % 8] || ' ' ||
        (ARRAY['Smith','Jones','Brown','Weber','Klein','Moreau'])[1 + (g / 8) % 6] AS name,
      timestamptz '2020-01-01' + ((g * 7919) % 157680000 || ' seconds')::interval AS created_at,
      round((exp(3 + ((g * 2654435761) % 1000) / 400.0))::numeric, 2)::numeric(12,2) AS amount,
      (ARRAY['Paris','Lyon','Berlin','Hamburg','Austin','Leeds','Madrid'])[1 + (g * 31) % 7] AS city,
      (ARRAY['FR','FR','DE','DE','US','GB','ES'])[1 + (g * 31) % 7]::char(2) AS country,
      (ARRAY['Europe','Europe','Europe','Europe','Americas','Europe','Europe'])[1 + (g * 31) % 7] AS region,
      CASE WHEN g % 5 = 0 THEN NULL ELSE '+1 555 ' || lpad(((g * 7919) % 10000000)::text, 7, '0') END AS phone
    FROM generate_series(1::bigint, ${count}::bigint) g`,
  constraints: [`ALTER TABLE ${table} ADD PRIMARY KEY (id)`],
});

/** Forty columns: ten each of integers, decimals, short categorical text and timestamps (some null). */
const wide = (rows: number): Shape => ({
  table: 'bench_wide',
  rows,
  label: `40 columns, ${rows.toLocaleString('en')} rows`,
  parents: [],
  select: (count) => {
    const columns = ['g::bigint AS id'];
    for (let i = 1; i < 10; i++)
      columns.push(`((g * ${7919 + i * 104729}) % ${10 ** ((i % 6) + 1)})::int AS n${i}`);
    for (let i = 0; i < 10; i++)
      columns.push(`round((((g * ${2654435761 + i}) % 100000) / ${10 + i}.0)::numeric, 2) AS d${i}`);
    for (let i = 0; i < 10; i++)
      columns.push(
        `CASE WHEN (g + ${i}) % 11 = 0 THEN NULL ELSE (ARRAY['alpha','beta','gamma','delta','epsilon'])[1 + (g * ${i + 3}) % 5] END AS t${i}`,
      );
    for (let i = 0; i < 10; i++)
      columns.push(
        `timestamptz '2021-01-01' + (((g * ${7907 + i * 13}) % 31536000) || ' seconds')::interval AS ts${i}`,
      );
    return `SELECT ${columns.join(',\n')} FROM generate_series(1::bigint, ${count}::bigint) g`;
  },
  constraints: ['ALTER TABLE bench_wide ADD PRIMARY KEY (id)'],
});

const products: Shape = {
  table: 'bench_products',
  rows: 1000,
  label: 'products (lookup)',
  parents: [],
  select: (count) => `
    SELECT g::int AS id, 'SKU-' || lpad(g::text, 5, '0') AS sku, round((g % 97 + 0.99)::numeric, 2) AS price
    FROM generate_series(1, ${count}) g`,
  constraints: ['ALTER TABLE bench_products ADD PRIMARY KEY (id)'],
};

/** Order lines keyed by (customer, product): four different products per customer. */
const child = (rows: number, customerRows: number): Shape => ({
  table: 'bench_order_items',
  rows,
  label: `child, 2 references, composite key, ${rows.toLocaleString('en')} rows`,
  parents: ['bench_customers', 'bench_products'],
  select: (count) => `
    SELECT (1 + ((g - 1) / 4) % ${customerRows})::bigint AS customer_id,
      (1 + ((g - 1) % 4) * 250 + ((g * 7) % 250))::int AS product_id,
      1 + (g * 13) % 9 AS quantity,
      timestamptz '2022-01-01' + (((g * 7919) % 63072000) || ' seconds')::interval AS added_at
    FROM generate_series(1::bigint, ${count}::bigint) g`,
  constraints: [
    'ALTER TABLE bench_order_items ADD PRIMARY KEY (customer_id, product_id)',
    'ALTER TABLE bench_order_items ADD FOREIGN KEY (customer_id) REFERENCES bench_customers (id)',
    'ALTER TABLE bench_order_items ADD FOREIGN KEY (product_id) REFERENCES bench_products (id)',
  ],
});

/** The three measured shapes at `rows` each (the child's parents come with it); DOPPEL_BENCH_ROWS changes it. */
export function benchShapes(rows = Number(process.env.DOPPEL_BENCH_ROWS ?? 1_000_000)): {
  measured: Shape[];
  all: Shape[];
} {
  const parent = customers('bench_customers', rows);
  const measured = [parent, wide(rows), child(rows, rows / 4)];
  return { measured, all: [parent, products, ...measured.slice(1)] };
}

/** A 9-column table of `rows` rows under its own name (the size-independence check of sampling). */
export function customersOf(table: string, rows: number): Shape {
  return customers(table, rows);
}

export function withDatabase(url: string, database = DATABASE): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Creates the benchmark database and every shape that is missing or of the wrong size; returns its address. */
export async function prepareShapes(shapes: readonly Shape[]): Promise<string> {
  await withClient(SERVER_URL, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  });
  const url = withDatabase(SERVER_URL);
  const rebuilt = new Set<string>();
  await withClient(url, async (client) => {
    for (const shape of shapes) {
      // An unlogged table is emptied by crash recovery while reltuples keeps its old estimate: check the size.
      const present = await client.query<{ n: string }>(
        `SELECT coalesce((SELECT CASE WHEN pg_relation_size(oid) > 0 THEN reltuples::bigint ELSE 0 END
                          FROM pg_class WHERE relname = $1), -1)::text AS n`,
        [shape.table],
      );
      const sized = Math.abs(Number(present.rows[0]?.n ?? -1) - shape.rows) < shape.rows * 0.01;
      // A rebuilt parent dropped this table's references with it (CASCADE): rebuild the child too.
      if (sized && !shape.parents.some((parent) => rebuilt.has(parent))) continue;
      rebuilt.add(shape.table);
      const started = performance.now();
      await client.query(`DROP TABLE IF EXISTS ${shape.table} CASCADE`);
      await client.query(`CREATE UNLOGGED TABLE ${shape.table} AS ${shape.select(shape.rows)}`);
      for (const constraint of shape.constraints) await client.query(constraint);
      await client.query(`ANALYZE ${shape.table}`);
      console.log(`built ${shape.table} (${shape.rows} rows) in ${secondsSince(started).toFixed(1)} s`);
    }
  });
  return url;
}

export function secondsSince(started: number): number {
  return (performance.now() - started) / 1000;
}
