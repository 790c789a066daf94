/**
 * Profiling benchmark (`npm run bench:profile`): for each table shape of `shapes.ts` (9 columns, 40 columns,
 * a child table with two references; 1M rows each), the raw `COPY TO` of the table (the fastest of three
 * runs: the physical limit of reading it) against a full-scan profile of the same table (the process's first,
 * its code cold, as in a `doppel profile` run), as a ratio, with the CPU seconds of the profile (all threads),
 * the same profile again on one thread (its code warm), and the peak RSS so far. Then the sampled profile of the
 * 9-column table at 1M and 10M rows (sampling should not grow with the table), `--from-stats` of the 10M
 * table, and `doppel profile --full` of the 10M table in a process of its own against its `COPY TO`, with the
 * process's peak RSS (DOPPEL_BENCH_ROWS scales every size). The load average is printed at the start and the end, since
 * other work on the machine slows a run down. Address: DOPPEL_BENCH_PG_URL (see `shapes.ts`).
 * The binary `COPY TO` of each shape is printed too (the profiler reads tables of common types in binary).
 * The profiler measured is the built one in dist/, what users run (DOPPEL_BENCH_CODE=src for the sources).
 * Never part of `npm test`.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { to as copyTo } from 'pg-copy-streams';
import type { ProfileSourceOptions } from '../src/profile/run.js';
import { measuredCode, openPostgresSource, profileSource, silentLogger } from './measured-code.js';
import { benchShapes, customersOf, prepareShapes, secondsSince, withClient } from './shapes.js';

async function timeCopy(
  url: string,
  table: string,
  format: 'text' | 'binary' = 'text',
): Promise<{ seconds: number; bytes: number }> {
  return withClient(url, async (client) => {
    const started = performance.now();
    let bytes = 0;
    await pipeline(
      client.query(copyTo(`COPY ${table} TO STDOUT${format === 'binary' ? ' (FORMAT binary)' : ''}`)),
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          bytes += chunk.length;
          done();
        },
      }),
    );
    return { seconds: secondsSince(started), bytes };
  });
}

async function timeProfile(
  url: string,
  table: string,
  options: Pick<ProfileSourceOptions, 'sampling' | 'statistics'>,
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
      ...options,
    });
    const used = process.cpuUsage(cpu);
    return {
      seconds: secondsSince(started),
      cpu: (used.user + used.system) / 1e6,
      rows: profile.datasets[0]?.sampling.rows ?? 0,
    };
  } finally {
    await session.close();
  }
}

/**
 * `doppel profile --full` of `table` in a process of its own, as a user runs it (the built CLI): its seconds
 * (start-up included) and its peak RSS, which a preloaded module reports as the process exits.
 */
async function timeCliFullScan(url: string, table: string): Promise<{ seconds: number; peakMb: number }> {
  const out = await mkdtemp(join(tmpdir(), 'doppel-bench-'));
  const reportRss =
    'data:text/javascript,process.on("exit",()=>process.stderr.write("maxRSS "+process.resourceUsage().maxRSS+"\\n"))';
  const cli = fileURLToPath(new URL('../bin/doppel.js', import.meta.url));
  const args = ['--import', reportRss, cli, '-q', 'profile', url, '--full', '--include', `public.${table}`];
  try {
    const started = performance.now();
    const { stderr } = await new Promise<{ stderr: string }>((resolve, reject) =>
      execFile(process.execPath, [...args, '--out', out], (error, _stdout, stderr) =>
        error === null ? resolve({ stderr }) : reject(new Error(`${cli} failed: ${stderr || error.message}`)),
      ),
    );
    const seconds = secondsSince(started);
    const rss = Number(/maxRSS (\d+)/.exec(stderr)?.[1] ?? Number.NaN);
    return { seconds, peakMb: rss / 1024 };
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
const peakMb = () => (process.resourceUsage().maxRSS / 1024).toFixed(0);

const { measured, all } = benchShapes();
const large = customersOf('bench_customers_large', measured[0]!.rows * 10);
const url = await prepareShapes([...all, large]);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, Node ${process.version}, load average ${load()}; code measured: ${measuredCode}/`,
);
const fullScan = { sampling: { full: true, seconds: 3600 } };
/** A full-scan profile on one thread (DOPPEL_PROFILE_THREADS=1), for the gain of the threads. */
async function timeOneThread(table: string): Promise<{ seconds: number; cpu: number; rows: number }> {
  const threads = process.env.DOPPEL_PROFILE_THREADS;
  process.env.DOPPEL_PROFILE_THREADS = '1';
  try {
    return await timeProfile(url, table, fullScan);
  } finally {
    if (threads === undefined) delete process.env.DOPPEL_PROFILE_THREADS;
    else process.env.DOPPEL_PROFILE_THREADS = threads;
  }
}
console.log(
  `threads: DOPPEL_PROFILE_THREADS=${process.env.DOPPEL_PROFILE_THREADS ?? '(default: one per core, at most 4; one for a narrow table on two cores)'}`,
);
console.log(
  '| shape | COPY TO (best of 3) | binary COPY TO (best of 3) | full-scan profile (first) | ratio | profile CPU | again on one thread: profile, ratio, CPU | peak RSS so far |',
);
console.log('|---|---|---|---|---|---|---|---|');
/**
 * The fastest of three `COPY TO` runs of `table`: the physical limit, not a run slowed by a passing load. The
 * ratios are to the text format's; the binary one, which the profiler reads for tables of common types, is
 * shown beside it.
 */
async function bestCopy(
  table: string,
  format?: 'text' | 'binary',
): Promise<{ seconds: number; bytes: number }> {
  const runs = [];
  for (let run = 0; run < 3; run++) runs.push(await timeCopy(url, table, format));
  return runs.reduce((best, run) => (run.seconds < best.seconds ? run : best));
}
const copyText = ({ seconds, bytes }: { seconds: number; bytes: number }) =>
  `${seconds.toFixed(2)} s (${(bytes / 1e6).toFixed(0)} MB)`;
for (const shape of measured) {
  const copy = await bestCopy(shape.table);
  const binary = await bestCopy(shape.table, 'binary');
  const full = await timeProfile(url, shape.table, fullScan);
  const one = await timeOneThread(shape.table);
  const ratio = (seconds: number) => `${(seconds / copy.seconds).toFixed(2)}×`;
  console.log(
    `| ${shape.label} | ${copyText(copy)} | ${copyText(binary)} | ${full.seconds.toFixed(2)} s | ${ratio(full.seconds)} | ${full.cpu.toFixed(1)} s | ${one.seconds.toFixed(2)} s, ${ratio(one.seconds)}, ${one.cpu.toFixed(1)} s | ${peakMb()} MB |`,
  );
}
const [nine] = measured;
const [small, big] = [nine!.rows, large.rows].map((rows) => rows.toLocaleString('en'));
const sampled1 = await timeProfile(url, nine!.table, {});
const sampled10 = await timeProfile(url, large.table, {});
const stats10 = await timeProfile(url, large.table, { statistics: 'only' });
console.log(`sampled profile, ${small} rows: ${sampled1.seconds.toFixed(2)} s (${sampled1.rows} rows read)`);
console.log(
  `sampled profile, ${big} rows: ${sampled10.seconds.toFixed(2)} s (${sampled10.rows} rows read); ratio to the smaller table: ${(sampled10.seconds / sampled1.seconds).toFixed(2)}`,
);
console.log(`--from-stats profile, ${big} rows: ${stats10.seconds.toFixed(2)} s (no row read)`);
const copy10 = await bestCopy(large.table);
const cli10 = await timeCliFullScan(url, large.table);
console.log(
  `doppel profile --full in its own process, ${big} rows: ${cli10.seconds.toFixed(2)} s against COPY TO ${copy10.seconds.toFixed(2)} s (${(cli10.seconds / copy10.seconds).toFixed(2)}×), peak RSS ${cli10.peakMb.toFixed(0)} MB`,
);
console.log(`peak RSS: ${peakMb()} MB; load average at the end: ${load()}`);
