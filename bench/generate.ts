/**
 * Generation benchmark (`npm run bench:generate`): for each table shape of `shapes.ts` (9 columns, 40 columns,
 * a child table with two references and a composite key; 1M rows each), the table is profiled (sampled, as a
 * user would), then, in one run: generation to CSV from that profile (rows/s, CPU seconds of all threads, peak
 * RSS), and doppel's generate-and-load into an empty copy of the table against two physical limits of loading
 * it, as ratios: the raw `COPY FROM` of the table's own rows (its `COPY TO` output), and the raw `COPY FROM` of
 * the CSV file doppel just generated (the very rows it loads, in its order: generated values and key orders
 * can cost the server more than the source's, a composite key in random order above all).
 * Last, 10M rows of the 9-column table to CSV (unique key and email) for peak RSS
 * (DOPPEL_BENCH_LARGE_ROWS changes the count). Then records/s into Kafka against the raw producer
 * (`generate-kafka.ts`). Address: DOPPEL_BENCH_PG_URL (see `shapes.ts`). With DOPPEL_BENCH_MYSQL set,
 * MySQL/MariaDB's generate-and-load against LOAD DATA too (`load-mysql.ts`). The load
 * average is printed at the start and the end: other work on the machine slows a run down. The code measured
 * is the built dist/ (`npm run bench:generate` builds first), as the `doppel` command runs it; see
 * `measured-code.ts`. Never part of `npm test`.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Profile } from '../src/tasks/types.js';
import { benchKafka } from './generate-kafka.js';
import { compareMysql } from './load-mysql.js';
import {
  createGeneration,
  measuredCode,
  openPostgresSource,
  openTarget,
  parseAddress,
  profileSource,
  silentLogger,
  streamRows,
  writeGeneration,
} from './measured-code.js';
import { benchShapes, prepareShapes, type Shape, secondsSince, withClient } from './shapes.js';

/** Runs `work`, returning its seconds, CPU seconds (all threads) and the peak RSS seen while it ran. */
async function measure(work: () => Promise<void>): Promise<{ seconds: number; cpu: number; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const cpu = process.cpuUsage();
  const started = performance.now();
  try {
    await work();
  } finally {
    clearInterval(sampler);
  }
  const used = process.cpuUsage(cpu);
  peak = Math.max(peak, process.memoryUsage().rss);
  return { seconds: secondsSince(started), cpu: (used.user + used.system) / 1e6, peakMb: peak / 2 ** 20 };
}

async function profileShape(url: string, shape: Shape): Promise<Profile> {
  const session = await openPostgresSource(url, { log: silentLogger, name: 'bench' });
  try {
    // The parents come along, so that the child's references have their key spaces.
    const include = [shape.table, ...shape.parents].map((table) => `public.${table}`);
    return await profileSource(session, { profile: 'bench', filter: { include } });
  } finally {
    await session.close();
  }
}

/**
 * Seconds of raw `COPY FROM` of the table's own rows, of raw `COPY FROM` of the generated CSV file (the very
 * rows doppel loads, in its order: `generated`), and of doppel's generate-and-load.
 */
async function compareLoad(
  url: string,
  shape: Shape,
  profile: Profile,
  folder: string,
  generated: string,
): Promise<[number, number, number]> {
  const dump = join(folder, `${shape.table}.copy`);
  const copy = `${shape.table}_copy`;
  return withClient(url, async (client) => {
    await pipeline(client.query(copyTo(`COPY ${shape.table} TO STDOUT`)), createWriteStream(dump));
    const recreate = async () => {
      await client.query(`DROP TABLE IF EXISTS ${copy}`);
      await client.query(`CREATE TABLE ${copy} (LIKE ${shape.table} INCLUDING ALL)`);
    };
    await recreate();
    let started = performance.now();
    await pipeline(createReadStream(dump), client.query(copyFrom(`COPY ${copy} FROM STDIN`)));
    const raw = secondsSince(started);
    await recreate();
    started = performance.now();
    await pipeline(
      createReadStream(generated),
      client.query(copyFrom(`COPY ${copy} FROM STDIN (FORMAT csv, HEADER)`)),
    );
    const rawGenerated = secondsSince(started);
    await recreate();
    const target = await openTarget(parseAddress(url), { log: silentLogger, name: 'bench' });
    try {
      const generation = createGeneration(profile, { seed: 1, only: [`public.${shape.table}`] });
      const task = generation.profile.datasets.find((item) => item.dataset.local === shape.table)!;
      // The rows as `doppel generate` hands them to a database target (column batches included).
      const planned = generation.plan.datasets.find((item) => item.name === task.dataset.name)!;
      const rows = () => streamRows(generation, planned, {});
      started = performance.now();
      await target.load(
        { ...task, dataset: { ...task.dataset, local: copy, name: `public.${copy}` } },
        rows(),
        {
          mode: 'append',
        },
      );
    } finally {
      await target.close();
    }
    const doppel = secondsSince(started);
    await client.query(`DROP TABLE ${copy}`);
    return [raw, rawGenerated, doppel];
  });
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
const rate = (rows: number, seconds: number) => Math.round(rows / seconds).toLocaleString('en');

const { measured, all } = benchShapes();
const url = await prepareShapes(all);
const folder = await mkdtemp(join(tmpdir(), 'doppel-bench-'));
try {
  console.log(
    `machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, code ${measuredCode}/, load average ${load()}`,
  );
  console.log(
    '| shape | CSV | CSV CPU | peak RSS | raw COPY FROM (source rows) | raw COPY FROM (generated CSV) | generate+load | ratio (source rows) | ratio (generated CSV) |',
  );
  console.log('|---|---|---|---|---|---|---|---|---|');
  let nineColumns: Profile | undefined;
  for (const shape of measured) {
    const profile = await profileShape(url, shape);
    nineColumns ??= profile;
    const csv = await measure(async () => {
      await writeGeneration(createGeneration(profile, { seed: 1, only: [`public.${shape.table}`] }), {
        format: 'csv',
        destination: { directory: join(folder, shape.table) },
      });
    });
    const csvCells = `| ${shape.label} | ${rate(shape.rows, csv.seconds)} rows/s (${csv.seconds.toFixed(2)} s) | ${csv.cpu.toFixed(1)} s | ${csv.peakMb.toFixed(0)} MiB`;
    // A load that fails is a finding to print, not a reason to lose the other shapes' figures.
    const generated = join(folder, shape.table, `public.${shape.table}.csv`);
    const loaded = await compareLoad(url, shape, profile, folder, generated).catch((error: unknown) =>
      error instanceof Error ? error.message : String(error),
    );
    console.log(
      typeof loaded === 'string'
        ? `${csvCells} | load failed: ${loaded} | | | | |`
        : `${csvCells} | ${loaded.map((seconds) => `${seconds.toFixed(2)} s`).join(' | ')} | ${(loaded[2] / loaded[0]).toFixed(2)}× | ${(loaded[2] / loaded[1]).toFixed(2)}× |`,
    );
    await rm(join(folder, shape.table), { recursive: true, force: true });
  }
  const large = Number(process.env.DOPPEL_BENCH_LARGE_ROWS ?? 10_000_000);
  const [customers] = measured;
  const run = await measure(async () => {
    await writeGeneration(
      createGeneration(nineColumns!, {
        seed: 1,
        only: [`public.${customers!.table}`],
        rows: { [`public.${customers!.table}`]: large },
      }),
      { format: 'csv', destination: { directory: join(folder, 'large') } },
    );
  });
  console.log(
    `CSV, ${large.toLocaleString('en')} rows of the 9-column table (unique key and email): ${rate(large, run.seconds)} rows/s (${run.seconds.toFixed(1)} s, ${run.cpu.toFixed(1)} CPU s), peak RSS ${run.peakMb.toFixed(0)} MiB`,
  );
  await benchKafka();
  const mysqlUrl = process.env.DOPPEL_BENCH_MYSQL;
  if (mysqlUrl) await compareMysql(mysqlUrl, Number(process.env.DOPPEL_BENCH_MYSQL_ROWS ?? 1_000_000));
  else console.log('mysql: skipped (set DOPPEL_BENCH_MYSQL=mysql://... to compare with LOAD DATA)');
  console.log(`load average at the end: ${load()}`);
} finally {
  await rm(folder, { recursive: true, force: true });
}
