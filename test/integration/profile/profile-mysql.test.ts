/**
 * Profiling MariaDB through the CLI: task files with the MySQL type facts, sampling methods, relations; the
 * canary values planted in every kind of column never reach a file, the output or the log; and the session
 * writes nothing (the server's general log holds no write statement from it).
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runCliForTest } from '../../helpers/run-cli.js';
import { createTestDatabase, resolveTestServerUrl, type TestDatabase } from '../../helpers/test-database.js';
import { expectNoCanary, readAllFiles } from './shop-fixture.js';
import { loadShopFixtureMysql } from './shop-fixture-mysql.js';

let database: TestDatabase;
let folder: string;

beforeAll(async () => {
  database = await createTestDatabase('mysql');
  await loadShopFixtureMysql(database.url);
  folder = await mkdtemp(join(tmpdir(), 'doppel-mysql-profile-'));
});

afterAll(async () => {
  await database?.drop();
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
});

interface TaskYaml {
  dataset: { name: string; rows: number };
  sampling: { method: string };
  fields: { name: string; type: Record<string, unknown>; generator: { kind: string } }[];
  relations?: Record<string, unknown>[];
}

describe('doppel profile mysql://...', () => {
  it('writes task files with MySQL type facts, the sampling method and the declared relation', async () => {
    const out = join(folder, 'plain');
    const run = await runCliForTest(['profile', database.url, '--out', out]);
    expect(run.code, run.stderr).toBe(0);
    const names = (await readdir(out)).sort();
    expect(names).toContain('plan.yaml');
    const customers = parse(
      await readFile(join(out, names.find((name) => name.includes('customers')) ?? ''), 'utf8'),
    ) as TaskYaml;
    expect(customers.dataset).toMatchObject({ name: `${database.name}.customers`, rows: 601 });
    expect(customers.sampling.method).toBe('full');
    const type = (name: string) => customers.fields.find((field) => field.name === name)?.type;
    expect(type('id')).toMatchObject({ logical: 'integer', bits: 32, unsigned: true });
    expect(type('score')).toMatchObject({ logical: 'decimal', precision: 8, scale: 2, special: [] });
    expect(type('tier')).toMatchObject({ logical: 'enum', labels: ['free', 'pro', 'vip'] });
    expect(type('profile')).toMatchObject({ logical: 'json', native: 'json' });
    expect(type('updated_at')).toMatchObject({ logical: 'timestamptz', latest: '2038-01-19T03:14:07' });
    const orders = parse(
      await readFile(join(out, names.find((name) => name.includes('orders')) ?? ''), 'utf8'),
    ) as TaskYaml;
    // The children per parent are measured through sampleChildren.
    expect(orders.relations?.[0]).toMatchObject({
      from: { dataset: `${database.name}.orders`, fields: ['customer_id'] },
      to: { dataset: `${database.name}.customers`, fields: ['id'] },
      declared: true,
      on_delete: 'restrict',
      cardinality: { p50: 2, max: 4 },
    });
  });

  for (const mode of [['--full'], ['--sample-rows', '200']]) {
    it(`leaks no canary with ${mode.join(' ')}`, async () => {
      const out = join(folder, mode[0]!.replace(/-/g, ''));
      const human = await runCliForTest([
        '--log-level',
        'debug',
        'profile',
        database.url,
        '--out',
        out,
        ...mode,
      ]);
      expect(human.code, human.stderr).toBe(0);
      const json = await runCliForTest(['--json', 'profile', database.url, '--out', out, ...mode]);
      expect(json.code).toBe(0);
      const files = await readAllFiles(out);
      expect(files).toContain(`${database.name}.customers`);
      expectNoCanary(files);
      expectNoCanary(human.stdout + human.stderr);
      expectNoCanary(json.stdout + json.stderr);
    });
  }

  it('doppel validate --source mysql://... checks the source against its own profile', async () => {
    const out = join(folder, 'validated');
    expect((await runCliForTest(['profile', database.url, '--out', out, '--full'])).code).toBe(0);
    const run = await runCliForTest(['--json', 'validate', out, '--source', database.url]);
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expectNoCanary(run.stdout + run.stderr);
  });

  it('samples a large table by key ranges and issues no write (the general log)', async () => {
    const admin = await mysql.createConnection({ uri: resolveTestServerUrl('mysql') });
    try {
      const [[before]] = (await admin.query(
        'SELECT @@global.general_log AS enabled, @@global.log_output AS output',
      )) as unknown as [[{ enabled: number; output: string }]];
      await admin.query("SET GLOBAL log_output = 'TABLE'");
      await admin.query('SET GLOBAL general_log = 1');
      const started = new Date().toISOString().slice(0, 19).replace('T', ' ');
      try {
        const out = join(folder, 'logged');
        // A budget below the table's size: orders (about 1,200 rows) is read by key ranges.
        const run = await runCliForTest(['profile', database.url, '--out', out, '--sample-rows', '100']);
        expect(run.code, run.stderr).toBe(0);
        const orders = parse(
          await readFile(
            join(out, (await readdir(out)).find((name) => name.includes('orders')) ?? ''),
            'utf8',
          ),
        ) as TaskYaml;
        expect(['key-ranges', 'full']).toContain(orders.sampling.method);
      } finally {
        await admin.query(`SET GLOBAL general_log = ${before.enabled ? 1 : 0}`);
        await admin.query(`SET GLOBAL log_output = '${before.output}'`);
      }
      const [threads] = (await admin.query(
        "SELECT DISTINCT thread_id FROM mysql.general_log WHERE command_type = 'Connect' AND event_time >= ? AND argument LIKE ?",
        [started, `%${database.name}%`],
      )) as unknown as [{ thread_id: number }[]];
      expect(threads.length).toBeGreaterThan(0);
      const [statements] = (await admin.query(
        "SELECT CONVERT(argument USING utf8mb4) AS text FROM mysql.general_log WHERE command_type = 'Query' AND thread_id IN (?)",
        [threads.map((thread) => thread.thread_id)],
      )) as unknown as [{ text: string }[]];
      const texts = statements.map((statement) => statement.text.trim());
      expect(texts.some((text) => /^SELECT/i.test(text))).toBe(true);
      expect(
        texts.filter((text) =>
          /^(INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|TRUNCATE|LOCK|RENAME|GRANT|LOAD)\b/i.test(text),
        ),
      ).toEqual([]);
      expect(texts).toContain('SET SESSION TRANSACTION READ ONLY');
      expect(texts).toContain('START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY');
      expect(texts.some((text) => /ORDER BY RAND\(/i.test(text))).toBe(false);
    } finally {
      await admin.end();
    }
  });
});
