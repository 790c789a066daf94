/**
 * MySQL/MariaDB load benchmark: doppel's generate-and-load of N customers rows (multi-row INSERTs in one
 * transaction) against the physical limit measured in the same run: `LOAD DATA LOCAL INFILE` of the same rows,
 * written beforehand as a tab-separated file in MySQL's own text forms (its writing is not timed). Both load
 * into the same empty InnoDB table. Run alone with `npm run bench:load-mysql` (DOPPEL_BENCH_MYSQL names the
 * server, DOPPEL_BENCH_MYSQL_ROWS the rows, 1M by default), or as part of `npm run bench:generate`. Not part
 * of `npm test`.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Value } from '../src/catalog/values.js';
import type { Profile } from '../src/tasks/types.js';
import { customersProfile } from './customers-profile.js';
import { createGeneration, openTarget, parseAddress, silentLogger, toUtcText } from './measured-code.js';

const DDL = `CREATE TABLE customers (id bigint PRIMARY KEY, email varchar(320) NOT NULL UNIQUE, first_name text,
  last_name text, city text, country char(2) NOT NULL, status enum('active','blocked','pending') NOT NULL,
  balance decimal(12,2) NOT NULL, created_at datetime NOT NULL, marketing tinyint(1) NOT NULL) ENGINE=InnoDB`;

/** One value in LOAD DATA's default text format (tab-separated, backslash escapes, `\N` for NULL). */
function encodeField(value: Value, name: string): string {
  if (value === null) return '\\N';
  if (typeof value === 'boolean') return value ? '1' : '0';
  const text = name === 'created_at' ? toUtcText(String(value)) : String(value);
  return text.replace(/[\\\t\n]/g, (char) => (char === '\\' ? '\\\\' : char === '\t' ? '\\t' : '\\n'));
}

async function writeTabSeparated(profile: Profile, file: string): Promise<void> {
  const fields = profile.datasets[0]!.fields.map((field) => field.name);
  const out = createWriteStream(file);
  const generation = createGeneration(profile, { seed: 1 });
  for await (const batch of generation.batches('customers')) {
    let chunk = '';
    for (const row of batch)
      chunk += `${fields.map((name) => encodeField(row[name] ?? null, name)).join('\t')}\n`;
    if (!out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

/** Runs the comparison against the server at `url` (a database is created for it and dropped after). */
export async function compareMysql(url: string, rows: number): Promise<void> {
  const { default: mysql } = await import('mysql2/promise');
  const folder = await mkdtemp(join(tmpdir(), 'doppel-bench-mysql-'));
  const database = `doppel_bench_${process.pid}`;
  const server = await mysql.createConnection({ uri: url });
  const at = new URL(url);
  at.pathname = `/${database}`;
  try {
    await server.query(`CREATE DATABASE ${database}`);
    await server.query(`USE ${database}`);
    const profile = customersProfile(rows);
    const file = join(folder, 'customers.tsv');
    await writeTabSeparated(profile, file);
    await server.query(DDL);
    let started = performance.now();
    await server.query({
      sql: `LOAD DATA LOCAL INFILE 'customers.tsv' INTO TABLE customers`,
      infileStreamFactory: () => createReadStream(file),
    });
    const raw = (performance.now() - started) / 1000;
    const [[loaded]] = (await server.query('SELECT COUNT(*) AS n FROM customers')) as unknown as [
      [{ n: number }],
    ];
    await server.query('DROP TABLE customers');
    await server.query(DDL);
    const target = await openTarget(parseAddress(at.toString()), { log: silentLogger, name: 'bench' });
    const generation = createGeneration(profile, { seed: 1 });
    async function* flatten() {
      for await (const batch of generation.batches('customers')) yield* batch;
    }
    started = performance.now();
    const written = await target.load(generation.profile.datasets[0]!, flatten(), { mode: 'append' });
    const doppel = (performance.now() - started) / 1000;
    await target.close();
    const count = (n: number) => n.toLocaleString('en-US');
    console.log(
      `mysql: LOAD DATA LOCAL of ${count(Number(loaded.n))} rows ${raw.toFixed(2)} s; doppel generate+load (one transaction) of ${count(written)} rows ${doppel.toFixed(2)} s = ${count(Math.round(written / doppel))} rows/s; ratio ${(doppel / raw).toFixed(2)}x`,
    );
  } finally {
    await server.query(`DROP DATABASE IF EXISTS ${database}`).catch(() => undefined);
    await server.end();
    await rm(folder, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const url = process.env.DOPPEL_BENCH_MYSQL ?? 'mysql://root@127.0.0.1:3306/';
  await compareMysql(url, Number(process.env.DOPPEL_BENCH_MYSQL_ROWS ?? 1_000_000));
}
