/**
 * Service benchmark (`npm run bench:service [-- --duration 60 --jobs 20 --reads 200 --rows 20000]`): a spawned
 * `doppel serve` on loopback, with its default queue (concurrency = cores, backlog 100), keeps `--jobs`
 * profile jobs against the real PostgreSQL outstanding for `--duration` seconds (a finished one is replaced
 * at once) while `--reads` requests per second (`GET /health`, `/jobs/{id}`, `/profiles`, `/jobs` in turn)
 * are sent on an open loop, so a slow answer does not slow the sending. Prints the read latencies (p50, p90,
 * p99, max), the jobs accepted, refused with 429, completed per status and per minute, and whether any job
 * was lost (accepted but never finished, or missing from GET /jobs). A job still running at the end is
 * waited for. Address: DOPPEL_BENCH_PG_URL (see `shapes.ts`). Never part of `npm test`.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { stringify } from 'yaml';
import buildOnce from '../test/helpers/build-once.js';
import { SERVER_URL, withClient, withDatabase } from './shapes.js';

const DATABASE = 'doppel_bench_service';
const REPO_ROOT = new URL('../', import.meta.url).pathname;

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    jobs: { type: 'string', default: '20' },
    reads: { type: 'string', default: '200' },
    rows: { type: 'string', default: '20000' },
  },
});
const DURATION_S = Number(options.duration);
const OUTSTANDING_JOBS = Number(options.jobs);
const READS_PER_S = Number(options.reads);
const ROWS = Number(options.rows);

/** A fresh database with customers and their orders (`ROWS` customers, 3 orders each). */
async function prepareDatabase(): Promise<string> {
  await withClient(SERVER_URL, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${DATABASE}`);
  });
  const url = withDatabase(SERVER_URL, DATABASE);
  await withClient(url, async (client) => {
    await client.query(`
      CREATE TABLE customers (id bigint PRIMARY KEY, email text NOT NULL, country text, created_at timestamptz);
      INSERT INTO customers SELECT g, 'user' || g || '@example' || (g % 13) || '.com',
        (ARRAY['DE','FR','US','JP','BR'])[1 + g % 5], now() - (g % 1000) * interval '1 day'
        FROM generate_series(1, ${ROWS}) g;
      CREATE TABLE orders (id bigint PRIMARY KEY, customer_id bigint NOT NULL REFERENCES customers,
        total numeric(12,2), status text);
      INSERT INTO orders SELECT g, 1 + g % ${ROWS}, (g % 977) * 1.37,
        (ARRAY['pending','paid','shipped'])[1 + g % 3] FROM generate_series(1, ${ROWS * 3}) g;
      ANALYZE;`);
  });
  return url;
}

function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

interface JobRecord {
  id: string;
  status: string;
}

async function main(): Promise<void> {
  await buildOnce();
  const databaseUrl = await prepareDatabase();
  const dir = mkdtempSync(join(tmpdir(), 'doppel-bench-service-'));
  cpSync(join(REPO_ROOT, 'profiles', 'demo'), join(dir, 'profiles', 'demo'), { recursive: true });
  writeFileSync(
    join(dir, 'doppel.yaml'),
    stringify({ serve: { connections: { shop: { url: databaseUrl } } } }),
  );
  const child = spawn(
    process.execPath,
    [
      join(REPO_ROOT, 'bin/doppel.js'),
      '--log-level',
      'warn',
      'serve',
      '--port',
      '0',
      '--profiles',
      join(dir, 'profiles'),
    ],
    {
      cwd: dir,
      env: { ...process.env, DOPPEL_STATE_DIR: join(dir, 'state'), DOPPEL_CONFIG: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      const match = /serving on (http:\/\/\S+)/.exec(out);
      if (match?.[1]) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`doppel serve exited with ${code}`)));
  });

  const accepted = new Set<string>();
  const finished = new Map<string, string>();
  let refused = 0;
  let submitted = 0;
  let posting = 0;
  const post = async (): Promise<void> => {
    posting++;
    try {
      const response = await fetch(`${url}/jobs`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ kind: 'profile', source: 'shop', name: `p${submitted++}`, sampleRows: 5_000 }),
      });
      const body = (await response.json()) as JobRecord;
      if (response.status === 202) accepted.add(body.id);
      else if (response.status === 429) {
        refused++;
        const wait = Number(response.headers.get('retry-after') ?? '1');
        await new Promise((resolve) => setTimeout(resolve, Math.min(wait, 5) * 1_000));
      } else throw new Error(`POST /jobs answered ${response.status}: ${JSON.stringify(body)}`);
    } finally {
      posting--;
    }
  };

  const started = performance.now();
  const deadline = started + DURATION_S * 1_000;
  // Keep OUTSTANDING_JOBS jobs submitted (or being submitted) and unfinished until the deadline.
  const posts: Promise<void>[] = [];
  const feeding = (async () => {
    while (performance.now() < deadline) {
      while (accepted.size - finished.size + posting < OUTSTANDING_JOBS) posts.push(post());
      const { jobs } = (await (await fetch(`${url}/jobs`)).json()) as { jobs: JobRecord[] };
      for (const job of jobs)
        if (accepted.has(job.id) && job.status !== 'queued' && job.status !== 'running')
          finished.set(job.id, job.status);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    await Promise.all(posts);
  })();

  const latencies: number[] = [];
  const readErrors = new Map<string, number>();
  const countError = (what: string) => readErrors.set(what, (readErrors.get(what) ?? 0) + 1);
  const reads: Promise<void>[] = [];
  const paths = () => {
    const ids = [...accepted];
    return [
      '/health',
      ids.length > 0 ? `/jobs/${ids[latencies.length % ids.length]}` : '/health',
      '/profiles',
      '/jobs',
    ];
  };
  let sent = 0;
  while (performance.now() < deadline) {
    const due = started + (sent * 1_000) / READS_PER_S;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const path = paths()[sent % 4] ?? '/health';
    sent++;
    const sentAt = performance.now();
    reads.push(
      fetch(`${url}${path}`)
        .then(async (response) => {
          await response.arrayBuffer();
          if (response.status !== 200) countError(`HTTP ${response.status}`);
          latencies.push(performance.now() - sentAt);
        })
        .catch((error: unknown) => {
          const cause = (error as { cause?: { code?: string } }).cause;
          countError(cause?.code ?? (error instanceof Error ? error.message : String(error)));
        }),
    );
  }
  const readSeconds = (performance.now() - started) / 1_000;
  await Promise.all(reads);
  await feeding;
  // Wait for every accepted job to finish.
  let listed: JobRecord[] = [];
  for (;;) {
    listed = ((await (await fetch(`${url}/jobs`)).json()) as { jobs: JobRecord[] }).jobs;
    const open = listed.filter(
      (job) => accepted.has(job.id) && (job.status === 'queued' || job.status === 'running'),
    );
    if (open.length === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  const elapsed = (performance.now() - started) / 1_000;
  const statuses: Record<string, number> = {};
  for (const job of listed) if (accepted.has(job.id)) statuses[job.status] = (statuses[job.status] ?? 0) + 1;
  const lost = [...accepted].filter((id) => !listed.some((job) => job.id === id)).length;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
  await withClient(SERVER_URL, (client) => client.query(`DROP DATABASE IF EXISTS ${DATABASE} WITH (FORCE)`));

  latencies.sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const completed = statuses.succeeded ?? 0;
  console.log(
    `doppel serve: ${DURATION_S} s, ${OUTSTANDING_JOBS} profile jobs outstanding (${ROWS} customers, ${ROWS * 3} orders), ${READS_PER_S} reads/s`,
  );
  console.log(
    `machine: ${availableParallelism()} cores, load average ${loadavg()
      .map((load) => load.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `reads: ${sent} sent in ${readSeconds.toFixed(1)} s, ${latencies.length} answered (latency counted from sending); errors ${JSON.stringify(Object.fromEntries(readErrors))}`,
  );
  console.log(
    `read latency: p50 ${ms(percentile(latencies, 50))}, p90 ${ms(percentile(latencies, 90))}, p99 ${ms(percentile(latencies, 99))}, max ${ms(latencies.at(-1) ?? Number.NaN)}`,
  );
  console.log(
    `jobs: ${accepted.size} accepted, ${refused} refused with 429, by status ${JSON.stringify(statuses)}, ${lost} lost`,
  );
  console.log(
    `job throughput: ${((completed / elapsed) * 60).toFixed(1)} profile jobs/min (${completed} in ${elapsed.toFixed(1)} s, the last ones waited for)`,
  );
  if (lost > 0) process.exitCode = 1;
}

await main();
