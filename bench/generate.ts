/**
 * Generation benchmark (`npm run bench:generate`): rows/s to CSV for a customers-like table (1M rows, in one
 * thread and with the default worker threads), peak RSS for 10M rows with a unique key, and, when a PostgreSQL
 * URL is given in DOPPEL_BENCH_PG, raw `COPY FROM` of an equivalent CSV against doppel's generate-and-load.
 * CPU seconds (all threads) are printed too: on a shared machine they are steadier than wall time.
 * Not part of `npm test`.
 */
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGeneration } from '../src/generate/engine.js';
import { chooseThreads } from '../src/generate/output/parallel-text.js';
import { writeGeneration } from '../src/generate/output/write-files.js';
import type { DatasetTask, FieldTask, Profile } from '../src/tasks/types.js';

function customersProfile(rows: number): Profile {
  const text = { logical: 'string', native: 'text' } as const;
  const fields: FieldTask[] = [
    {
      name: 'id',
      type: { logical: 'integer', native: 'bigint' },
      nullable: false,
      generator: { kind: 'sequence', start: 1, step: 1 },
    },
    {
      name: 'email',
      type: { logical: 'string', native: 'character varying(320)', length: 320 },
      nullable: false,
      generator: { kind: 'semantic', semantic: 'email', unique: true },
    },
    {
      name: 'first_name',
      type: text,
      nullable: true,
      generator: { kind: 'semantic', semantic: 'person.first_name' },
    },
    {
      name: 'last_name',
      type: text,
      nullable: true,
      generator: { kind: 'semantic', semantic: 'person.last_name', nulls: 0.05 },
    },
    { name: 'city', type: text, nullable: true, generator: { kind: 'semantic', semantic: 'address.city' } },
    {
      name: 'country',
      type: { logical: 'string', native: 'character(2)', length: 2 },
      nullable: false,
      generator: {
        kind: 'categorical',
        weights: { DE: 0.4, FR: 0.3, US: 0.2 },
        other: { share: 0.1, pattern: '[A-Z]{2}' },
      },
    },
    {
      name: 'status',
      type: { logical: 'enum', native: 'status', labels: ['active', 'blocked', 'pending'] },
      nullable: false,
      generator: { kind: 'categorical', weights: { active: 0.9, blocked: 0.03, pending: 0.07 } },
    },
    {
      name: 'balance',
      type: { logical: 'decimal', native: 'numeric(12,2)', precision: 12, scale: 2 },
      nullable: false,
      generator: {
        kind: 'histogram',
        bins: [
          [0, 100, 0.6],
          [100, 10000, 0.4],
        ],
      },
    },
    {
      name: 'created_at',
      type: { logical: 'timestamptz', native: 'timestamp with time zone' },
      nullable: false,
      generator: { kind: 'histogram', bins: [['2020-01-01T00:00:00Z', '2024-06-01T00:00:00Z', 1]] },
    },
    {
      name: 'marketing',
      type: { logical: 'boolean', native: 'boolean' },
      nullable: false,
      generator: { kind: 'boolean', true_share: 0.3 },
    },
  ];
  const task: DatasetTask = {
    version: 1,
    dataset: { source: 'bench', name: 'customers', local: 'customers', kind: 'table', writable: true, rows },
    sampling: { method: 'full', rows: 1, seed: 1 },
    fields,
    keys: { primary: { fields: ['id'] }, unique: [{ fields: ['email'], via: 'constraint' }] },
    checks: [],
    indexes: [],
    relations: [],
    rules: [],
  };
  return {
    plan: {
      version: 1,
      profile: 'bench',
      taken: { at: '2024-01-01T00:00:00Z', by: 'bench' },
      sampling: { method: 'full', seed: 1 },
      privacy: { k: 10, digits: 3, overrides: [] },
      sources: [{ name: 'bench', kind: 'postgres' }],
      datasets: [{ source: 'bench', name: 'customers', file: 'customers.yaml', enabled: true }],
      relations: [],
    },
    datasets: [task],
  };
}

interface CsvRun {
  readonly seconds: number;
  /** CPU seconds of the whole process (all threads). */
  readonly cpu: number;
  readonly bytes: number;
  readonly peakRss: number;
}

async function generateCsv(rows: number, folder: string, threads?: number): Promise<CsvRun> {
  let peakRss = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 100);
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  await writeGeneration(createGeneration(customersProfile(rows), { seed: 1 }), {
    format: 'csv',
    destination: { directory: folder },
    ...(threads === undefined ? {} : { threads }),
  });
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return {
    seconds,
    cpu: (cpu.user + cpu.system) / 1e6,
    bytes: (await stat(join(folder, 'customers.csv'))).size,
    peakRss,
  };
}

function describeRun(rows: number, run: CsvRun, what: string): string {
  const rate = Math.round(rows / run.seconds).toLocaleString('en-US');
  return `csv: ${rows.toLocaleString('en-US')} ${what} in ${run.seconds.toFixed(2)} s = ${rate} rows/s (${(run.bytes / 1e6).toFixed(0)} MB, ${run.cpu.toFixed(1)} CPU s, peak RSS ${(run.peakRss / 2 ** 20).toFixed(0)} MiB)`;
}

async function comparePostgres(url: string, folder: string, rows: number): Promise<void> {
  const { default: pg } = await import('pg');
  const { from: copyFrom } = await import('pg-copy-streams');
  const { createReadStream } = await import('node:fs');
  const { pipeline } = await import('node:stream/promises');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const ddl = `CREATE TABLE customers (id bigint PRIMARY KEY, email varchar(320) UNIQUE NOT NULL, first_name text, last_name text, city text, country char(2) NOT NULL, status text NOT NULL, balance numeric(12,2) NOT NULL, created_at timestamptz NOT NULL, marketing boolean NOT NULL)`;
  await client.query('DROP TABLE IF EXISTS customers');
  await client.query(ddl);
  let started = performance.now();
  await pipeline(
    createReadStream(join(folder, 'customers.csv')),
    client.query(copyFrom('COPY customers FROM STDIN (FORMAT csv, HEADER true)')),
  );
  const raw = (performance.now() - started) / 1000;
  await client.query('TRUNCATE customers');
  const { openTarget } = await import('../src/sources/index.js');
  const { parseAddress } = await import('../src/shared/address.js');
  const { silentLogger } = await import('../src/shared/log.js');
  const target = await openTarget(parseAddress(url), { log: silentLogger, name: 'bench' });
  const generation = createGeneration(customersProfile(rows), { seed: 1 });
  async function* flatten() {
    for await (const batch of generation.batches('customers')) yield* batch;
  }
  started = performance.now();
  await target.load(generation.profile.datasets[0]!, flatten(), { mode: 'append' });
  const doppel = (performance.now() - started) / 1000;
  await target.close();
  await client.query('DROP TABLE customers');
  await client.end();
  console.log(
    `postgres: raw COPY of ${rows.toLocaleString('en-US')} rows ${raw.toFixed(2)} s; doppel generate+load ${doppel.toFixed(2)} s; ratio ${(doppel / raw).toFixed(2)}x`,
  );
}

const folder = await mkdtemp(join(tmpdir(), 'doppel-bench-'));
try {
  const million = 1_000_000;
  const workers = availableParallelism();
  console.log(
    `machine: ${cpus()[0]?.model ?? 'unknown CPU'}, ${availableParallelism()} cores, load average ${loadavg()
      .map((load) => load.toFixed(1))
      .join(' ')}; Node ${process.version}`,
  );
  console.log(describeRun(million, await generateCsv(million, folder, 0), 'customers rows, one thread'));
  if (workers > 1)
    console.log(
      describeRun(
        million,
        await generateCsv(million, folder, workers),
        `customers rows, ${workers} worker threads`,
      ),
    );
  const url = process.env.DOPPEL_BENCH_PG;
  if (url) await comparePostgres(url, folder, million);
  else console.log('postgres: skipped (set DOPPEL_BENCH_PG=postgres://... to compare with raw COPY)');
  const tenMillion = Number(process.env.DOPPEL_BENCH_LARGE_ROWS ?? 10_000_000);
  const large = await generateCsv(tenMillion, folder);
  const threads = chooseThreads(tenMillion, 'csv');
  console.log(
    describeRun(
      tenMillion,
      large,
      `rows (unique id and email), ${threads > 1 ? `${threads} worker threads` : 'one thread'}`,
    ),
  );
} finally {
  await rm(folder, { recursive: true, force: true });
}
