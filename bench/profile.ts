/**
 * Profiling benchmark (`npm run bench:profile`): builds 1M- and 10M-row tables in the real PostgreSQL with
 * generate_series (kept between runs), then prints the raw `COPY TO` time of the 1M table, the full-scan
 * profile time and its ratio to COPY, the default sampled profile time for 1M and 10M and their ratio, and
 * peak RSS. The CPU seconds of the full scan and the load average are printed beside the times, since other
 * work on the machine slows a run down (each is timed once, so that peak RSS belongs to one full scan).
 * Address: DOPPEL_BENCH_PG_URL (default: the local test server). Never part of `npm test`.
 */
import { cpus, loadavg } from 'node:os';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { profileSource } from '../src/profile/run.js';
import { silentLogger } from '../src/shared/log.js';
import { openPostgresSource } from '../src/sources/postgres/index.js';

const SERVER_URL = process.env.DOPPEL_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'doppel_bench';
const TABLES = [
  { name: 'bench_1m', rows: 1_000_000 },
  { name: 'bench_10m', rows: 10_000_000 },
] as const;

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withClient<T>(url: string, work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

async function prepare(url: string): Promise<void> {
  await withClient(SERVER_URL, async (client) => {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [DATABASE]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${DATABASE}`);
  });
  await withClient(url, async (client) => {
    for (const table of TABLES) {
      // An unlogged table is emptied by crash recovery while reltuples keeps its old estimate: check the size.
      const present = await client.query<{ n: string }>(
        `SELECT coalesce((SELECT CASE WHEN pg_relation_size(oid) > 0 THEN reltuples::bigint ELSE 0 END
                          FROM pg_class WHERE relname = $1), -1)::text AS n`,
        [table.name],
      );
      if (Math.abs(Number(present.rows[0]?.n ?? -1) - table.rows) < table.rows * 0.01) continue;
      const started = performance.now();
      await client.query(`DROP TABLE IF EXISTS ${table.name}`);
      await client.query(`
        CREATE UNLOGGED TABLE ${table.name} AS
        SELECT g::bigint AS id,
          'user' || g || '@example' || (g % 13) || '.com' AS email,
          (ARRAY['Anna','Ben','Cora','Dan','Eva','Finn','Gus','Hana'])[1 + g % 8] || ' ' || (ARRAY['Smith','Jones','Brown','Weber','Klein','Moreau'])[1 + (g / 8) % 6] AS name,
          timestamptz '2020-01-01' + ((g * 7919) % 157680000 || ' seconds')::interval AS created_at,
          round((exp(3 + ((g * 2654435761) % 1000) / 400.0))::numeric, 2)::numeric(12,2) AS amount,
          (ARRAY['new','paid','shipped','shipped','shipped','cancelled','refunded'])[1 + (g * 31) % 7] AS status,
          (ARRAY['US','US','US','DE','DE','FR','GB','NL','ES','IT'])[1 + (g * 17) % 10]::char(2) AS country,
          18 + (g * 37) % 70 AS age,
          CASE WHEN g % 5 = 0 THEN NULL ELSE '+1 555 ' || lpad(((g * 7919) % 10000000)::text, 7, '0') END AS phone
        FROM generate_series(1::bigint, ${table.rows}::bigint) g`);
      await client.query(`ALTER TABLE ${table.name} ADD PRIMARY KEY (id)`);
      await client.query(`ANALYZE ${table.name}`);
      console.log(`built ${table.name} (${table.rows} rows) in ${seconds(started)} s`);
    }
  });
}

function seconds(started: number): string {
  return ((performance.now() - started) / 1000).toFixed(2);
}

async function timeCopy(url: string, table: string): Promise<{ seconds: number; bytes: number }> {
  return withClient(url, async (client) => {
    const started = performance.now();
    let bytes = 0;
    await pipeline(
      client.query(copyTo(`COPY ${table} TO STDOUT`)),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          done();
        },
      }),
    );
    return { seconds: (performance.now() - started) / 1000, bytes };
  });
}

async function timeProfile(
  url: string,
  table: string,
  full: boolean,
): Promise<{ seconds: number; cpu: number; rows: number }> {
  const session = await openPostgresSource(url, {
    log: silentLogger,
    name: 'bench',
    statementTimeoutMs: 600_000,
  });
  try {
    const started = performance.now();
    const cpu = process.cpuUsage();
    const profile = await profileSource(session, {
      profile: 'bench',
      filter: { include: [`public.${table}`] },
      sampling: full ? { full: true, seconds: 3600 } : {},
    });
    const used = process.cpuUsage(cpu);
    return {
      seconds: (performance.now() - started) / 1000,
      cpu: (used.user + used.system) / 1e6,
      rows: profile.datasets[0]?.sampling.rows ?? 0,
    };
  } finally {
    await session.close();
  }
}

const url = withDatabase(SERVER_URL, DATABASE);
await prepare(url);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, load average ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')}`,
);
const copy = await timeCopy(url, 'bench_1m');
console.log(`COPY TO of bench_1m: ${copy.seconds.toFixed(2)} s (${(copy.bytes / 1e6).toFixed(0)} MB)`);
const full = await timeProfile(url, 'bench_1m', true);
console.log(
  `full-scan profile of bench_1m: ${full.seconds.toFixed(2)} s (${full.rows} rows, ${full.cpu.toFixed(2)} s CPU), ${(full.seconds / copy.seconds).toFixed(1)}x COPY`,
);
const sampled1 = await timeProfile(url, 'bench_1m', false);
console.log(`default sampled profile of bench_1m: ${sampled1.seconds.toFixed(2)} s (${sampled1.rows} rows)`);
const sampled10 = await timeProfile(url, 'bench_10m', false);
console.log(
  `default sampled profile of bench_10m: ${sampled10.seconds.toFixed(2)} s (${sampled10.rows} rows)`,
);
console.log(`10M / 1M sampled time ratio: ${(sampled10.seconds / sampled1.seconds).toFixed(2)}`);
console.log(`peak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`);
console.log(
  `load average at the end: ${loadavg()
    .map((load) => load.toFixed(1))
    .join(' ')}`,
);
