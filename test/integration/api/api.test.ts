/**
 * The HTTP service over a real loopback socket and a real PostgreSQL database: profiles listed, shown and
 * linted; inspect; profile, generate (files and a fresh database) and validate jobs; a generate job's run
 * manifest (respect-existing and an inline scenario included) that `doppel clean` reads to remove exactly its
 * rows; cancelling a running job; and a password-bearing address never echoed in any response or job record.
 * The source is a named connection; this suite also turns ad-hoc addresses on for its fresh targets.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { JobStore } from '../../../src/api/jobs/job-store.js';
import { type RunningServer, startServer } from '../../../src/api/server.js';
import { parseAddress } from '../../../src/shared/address.js';
import { silentLogger } from '../../../src/shared/log.js';
import { REPO_ROOT, runCliForTest } from '../../helpers/run-cli.js';
import { serviceJobs } from '../../helpers/service-jobs.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { createFixtureDatabase } from '../sources/postgres/fixture-database.js';

const CANARY = 'api-canary-pw-7731';

/** Rows per table of the public schema, by table name. */
async function countRows(url: string): Promise<Record<string, number>> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const tables = await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1",
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) {
      const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM public."${name}"`);
      counts[name] = Number(result.rows[0]?.n);
    }
    return counts;
  } finally {
    await client.end();
  }
}

describe('HTTP service', () => {
  let server: RunningServer;
  let jobs: JobStore;
  let source: TestDatabase;
  let target: TestDatabase;
  let root: string;
  let stateDir: string;
  let secretUrl: string;
  const texts: string[] = [];

  const { call, startJob, finish } = serviceJobs(
    () => ({ url: server.url, jobs }),
    (text) => texts.push(text),
  );

  beforeAll(async () => {
    source = await createFixtureDatabase('rich-schema', 'rich-data');
    target = await createTestDatabase('postgres');
    const url = new URL(source.url);
    url.password = CANARY;
    secretUrl = url.toString();
    root = mkdtempSync(join(tmpdir(), 'doppel-api-profiles-'));
    stateDir = mkdtempSync(join(tmpdir(), 'doppel-api-state-'));
    // Copies: a symbolic link leading out of the profiles root is refused.
    cpSync(join(REPO_ROOT, 'profiles/demo'), join(root, 'demo'), { recursive: true });
    cpSync(join(REPO_ROOT, 'test/fixtures/profiles/example'), join(root, 'example'), { recursive: true });
    cpSync(join(REPO_ROOT, 'test/fixtures/profiles/broken-yaml'), join(root, 'broken-yaml'), {
      recursive: true,
    });
    const outputRoot = join(stateDir, 'output');
    mkdirSync(outputRoot);
    jobs = new JobStore({ log: silentLogger, stateDir });
    const connections = new Map([
      ['rich', { name: 'rich', address: parseAddress(secretUrl), writable: false }],
      [
        'gone',
        {
          name: 'gone',
          address: parseAddress(secretUrl.replace(/\/[^/]*$/, '/no_such_db')),
          writable: false,
        },
      ],
    ]);
    const settings = { connections, adhocAddresses: true, outputRoot };
    server = await startServer(createApp({ profilesRoot: root, jobs, settings }), {
      port: 0,
      host: '127.0.0.1',
    });
  }, 60_000);
  afterAll(async () => {
    await jobs?.close();
    await server?.close();
    await source?.drop();
    await target?.drop();
    for (const dir of [root, stateDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('lists, shows and lints stored profiles', async () => {
    const list = await call('GET', '/profiles');
    expect(list.status).toBe(200);
    const names = (list.body.profiles as { name: string }[]).map((entry) => entry.name);
    expect(names).toEqual(expect.arrayContaining(['demo', 'example', 'broken-yaml']));
    const demo = await call('GET', '/profiles/demo');
    expect(demo.status).toBe(200);
    expect((demo.body.datasets as { name: string }[]).map((entry) => entry.name)).toContain('public.orders');
    expect((await call('GET', '/profiles/example/lint')).body).toMatchObject({ ok: true, problems: [] });
    const broken = await call('GET', '/profiles/broken-yaml/lint');
    expect(broken.body.ok).toBe(false);
    expect((broken.body.problems as unknown[]).length).toBeGreaterThan(0);
    const invalid = await call('GET', '/profiles/broken-yaml');
    expect(invalid.status).toBe(422);
    expect((invalid.body.error as { problems: unknown[] }).problems.length).toBeGreaterThan(0);
    expect((await call('GET', '/profiles/..%2F..%2Fetc')).status).toBe(400);
    expect((await call('GET', '/profiles/missing')).status).toBe(404);
  });

  it('inspects a named connection and an ad-hoc address with a password, never echoing it', async () => {
    const inspected = await call('POST', '/inspect', { source: 'rich' });
    expect(inspected.status).toBe(200);
    expect((inspected.body.datasets as unknown[]).length).toBeGreaterThan(0);
    expect((await call('POST', '/inspect', { source: secretUrl })).status).toBe(200);
    const refused = await call('POST', '/inspect', { source: 'gone' });
    expect(refused.status).toBe(502);
    expect(JSON.stringify(refused.body)).not.toContain(CANARY);
    expect((await call('POST', '/inspect', { source: 'nonesuch' })).status).toBe(400);
  });

  it('runs a profile job into the profiles root, then generates it into files and a fresh database', async () => {
    const profiled = await finish(
      (await startJob({ kind: 'profile', source: 'rich', name: 'rich', full: true })).id,
    );
    expect(profiled.status, JSON.stringify(profiled.error)).toBe('succeeded');
    expect(profiled.params.source).toBe('rich');
    const names = ((await call('GET', '/profiles')).body.profiles as { name: string }[]).map(
      (entry) => entry.name,
    );
    expect(names).toContain('rich');

    const files = await finish(
      (await startJob({ kind: 'generate', profile: 'rich', target: 'files', seed: 7 })).id,
    );
    expect(files.status, JSON.stringify(files.error)).toBe('succeeded');
    expect(files.result?.target).toBe('files');
    expect(String(files.result?.manifest)).toMatch(/^runs\/[^/]+\.json$/);
    expect(readdirSync(join(stateDir, 'output', 'files')).length).toBe(
      ((files.result?.datasets ?? []) as unknown[]).length,
    );

    const loaded = await finish(
      (
        await startJob({
          kind: 'generate',
          profile: 'demo',
          target: target.url,
          createSchema: true,
          scale: 0.1,
        })
      ).id,
    );
    expect(loaded.status, JSON.stringify(loaded.error)).toBe('succeeded');
    expect(loaded.result?.rows).toBeGreaterThan(0);

    const validated = await finish(
      (await startJob({ kind: 'validate', profile: 'demo', source: target.url })).id,
    );
    expect(validated.status, JSON.stringify(validated.error)).toBe('succeeded');
    const checks = validated.result?.checks as { ok: boolean; basis: string }[];
    expect(checks.length).toBeGreaterThan(0);
    expect(checks.every((check) => check.ok && check.basis === 'query')).toBe(true);
  }, 180_000);

  it('records a generate job in a run manifest that doppel clean reads to remove its rows', async () => {
    const fresh = await createTestDatabase('postgres');
    try {
      const first = await finish(
        (
          await startJob({
            kind: 'generate',
            profile: 'demo',
            target: fresh.url,
            createSchema: true,
            scale: 0.05,
          })
        ).id,
      );
      expect(first.status, JSON.stringify(first.error)).toBe('succeeded');
      const manifest = JSON.parse(readFileSync(join(stateDir, String(first.result?.manifest)), 'utf8')) as {
        id: string;
        status: string;
        target: string;
        datasets: { name: string; rows: number; start: number; end: number }[];
      };
      expect(manifest.id).toBe(first.result?.run);
      expect(manifest.status).toBe('complete');
      expect(manifest.datasets.reduce((sum, dataset) => sum + dataset.rows, 0)).toBe(first.result?.rows);
      const afterFirst = await countRows(fresh.url);
      for (const dataset of manifest.datasets)
        expect(afterFirst[dataset.name.replace(/^public\./, '')]).toBe(dataset.rows);

      // A second run continues after the first (respectExisting) with an inline scenario.
      const second = await finish(
        (
          await startJob({
            kind: 'generate',
            profile: 'demo',
            target: fresh.url,
            scale: 0.05,
            seed: 9,
            respectExisting: true,
            scenario: { version: 1, datasets: { 'public.customers': { rows: 40 } } },
          })
        ).id,
      );
      expect(second.status, JSON.stringify(second.error)).toBe('succeeded');
      expect(second.params.scenario).toBe('inline');
      const secondManifest = JSON.parse(
        readFileSync(join(stateDir, String(second.result?.manifest)), 'utf8'),
      ) as {
        options: { scenario?: string };
        datasets: { name: string; rows: number; start: number }[];
      };
      const customers = secondManifest.datasets.find((dataset) => dataset.name === 'public.customers');
      expect(customers?.rows).toBe(40);
      expect(customers?.start).toBe(afterFirst.customers);
      expect(readFileSync(String(secondManifest.options.scenario), 'utf8')).toContain('public.customers');
      const afterSecond = await countRows(fresh.url);
      expect(afterSecond.customers).toBe((afterFirst.customers ?? 0) + 40);

      const env = { DOPPEL_STATE_DIR: stateDir };
      const cleaned = await runCliForTest(['--json', 'clean', '--last', '--target', fresh.url], env);
      expect(cleaned.code, cleaned.stderr).toBe(0);
      expect(await countRows(fresh.url)).toEqual(afterFirst);
      const again = await runCliForTest(['--json', 'clean', '--last', '--target', fresh.url], env);
      expect(again.code, again.stderr).toBe(0);
      const emptied = await countRows(fresh.url);
      expect(Object.keys(emptied)).toEqual(Object.keys(afterFirst));
      expect(Object.values(emptied).every((rows) => rows === 0)).toBe(true);
    } finally {
      await fresh.drop();
    }
  }, 180_000);

  it('refuses generate requests with a shard, scenario or edge share it cannot use', async () => {
    const generate = { kind: 'generate', profile: 'demo', target: 'refused' };
    expect((await call('POST', '/jobs', { ...generate, shard: 'auto' })).status).toBe(400);
    expect((await call('POST', '/jobs', { ...generate, shard: '2/2' })).status).toBe(400);
    expect((await call('POST', '/jobs', { ...generate, scenario: '../outside.yaml' })).status).toBe(400);
    expect((await call('POST', '/jobs', { ...generate, scenario: 'demo/none.yaml' })).status).toBe(404);
    // openapi.yaml says `version: 1`: checked with the request (400) before the scenario is read.
    expect((await call('POST', '/jobs', { ...generate, scenario: { version: 2 } })).status).toBe(400);
    const inline = { version: 1, datasets: { 'public.customers': { rows: -1 } } };
    expect((await call('POST', '/jobs', { ...generate, scenario: inline })).status).toBe(422);
    expect((await call('POST', '/jobs', { ...generate, edgeCases: 2 })).status).toBe(400);
    const planned = await finish((await startJob({ ...generate, dryRun: true, shard: '1/4' })).id);
    expect(planned.status, JSON.stringify(planned.error)).toBe('succeeded');
    expect(planned.result?.dryRun).toBe(true);
    expect(planned.result?.run).toBeUndefined();
  });

  it('cancels a running job', async () => {
    const job = await startJob({
      kind: 'generate',
      profile: 'demo',
      target: 'big',
      rows: { 'public.customers': 50_000_000 },
    });
    const cancelled = await call('DELETE', `/jobs/${job.id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    expect((await call('GET', `/jobs/${job.id}`)).body.status).toBe('cancelled');
    expect((await call('DELETE', '/jobs/no-such-job')).status).toBe(404);
  }, 60_000);

  it('refuses bad job requests', async () => {
    expect((await call('POST', '/jobs', { kind: 'dance' })).status).toBe(400);
    expect(
      (await call('POST', '/jobs', { kind: 'generate', profile: 'missing', target: '/tmp/x' })).status,
    ).toBe(404);
    expect((await call('POST', '/jobs', { kind: 'validate', profile: 'demo' })).status).toBe(400);
  });

  it('never echoed the password in any response or job record', () => {
    for (const text of texts) expect(text).not.toContain(CANARY);
    const records = readdirSync(join(stateDir, 'jobs'));
    expect(records.length).toBeGreaterThan(0);
    for (const record of records)
      expect(readFileSync(join(stateDir, 'jobs', record), 'utf8')).not.toContain(CANARY);
  });
});
