/**
 * Dataset names as a user types them, through the CLI and the HTTP service, on a real PostgreSQL database
 * with two schemas that share a table name: an unqualified name resolves to its one dataset, an ambiguous one
 * and one that matches nothing are usage errors (exit 2, HTTP 400) naming the candidates or the closest names.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { JobStore } from '../../../src/api/jobs/job-store.js';
import { type RunningServer, startServer } from '../../../src/api/server.js';
import { EXIT } from '../../../src/shared/errors.js';
import { silentLogger } from '../../../src/shared/log.js';
import { loadProfile } from '../../../src/tasks/index.js';
import { REPO_ROOT, runCliForTest } from '../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { runSql } from '../sources/postgres/fixture-database.js';

const SCHEMA = `
CREATE SCHEMA sales;
CREATE SCHEMA crm;
CREATE TABLE sales.customers (id int PRIMARY KEY, name text NOT NULL);
CREATE TABLE crm.customers (id int PRIMARY KEY, segment text);
CREATE TABLE sales."ORDERS" (id int PRIMARY KEY, customer_id int NOT NULL REFERENCES sales.customers (id));
INSERT INTO sales.customers SELECT g, 'customer ' || g FROM generate_series(1, 40) g;
INSERT INTO crm.customers SELECT g, (ARRAY['retail', 'wholesale'])[1 + g % 2] FROM generate_series(1, 40) g;
INSERT INTO sales."ORDERS" SELECT g, 1 + g % 40 FROM generate_series(1, 200) g;
`;

/** What the tests read of a job or error reply. */
interface JobReply {
  readonly id: string;
  readonly status?: string;
  readonly error: { readonly kind: string; readonly message: string };
}

let database: TestDatabase;
let work: string;

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  await runSql(database.url, SCHEMA);
  work = mkdtempSync(join(tmpdir(), 'doppel-dataset-names-'));
});

afterAll(async () => {
  await database?.drop();
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('dataset names on the command line', () => {
  it('profiles the one dataset an unqualified name stands for, whatever its case', async () => {
    const out = join(work, 'orders');
    const run = await runCliForTest(['profile', database.url, '--out', out, '--include', 'orders']);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect((await loadProfile(out)).datasets.map((task) => task.dataset.name)).toEqual(['sales.ORDERS']);
  });

  it('refuses an ambiguous name, listing the candidates, and writes nothing', async () => {
    const out = join(work, 'ambiguous');
    const run = await runCliForTest(['profile', database.url, '--out', out, '--include', 'customers']);
    expect(run.code).toBe(EXIT.usage);
    expect(run.stderr).toContain(
      'include "customers" is ambiguous: it names crm.customers, sales.customers; give the qualified name.',
    );
    expect(run.stderr).not.toContain('    at ');
    expect(existsSync(out)).toBe(false);
  });

  it('refuses an include or exclude that matches nothing, listing the closest names', async () => {
    const include = await runCliForTest(['inspect', database.url, '--include', 'custmers']);
    expect(include.code).toBe(EXIT.usage);
    expect(include.stderr).toContain('include "custmers" matches no dataset; the closest: crm.customers');
    const exclude = await runCliForTest([
      'profile',
      database.url,
      '--out',
      join(work, 'x'),
      '--exclude',
      'sales.order',
    ]);
    expect(exclude.code).toBe(EXIT.usage);
    expect(exclude.stderr).toContain('exclude "sales.order" matches no dataset; the closest: sales.ORDERS');
  });

  it('generates with unqualified names in --rows and --only', async () => {
    const profileDir = join(work, 'all');
    const profiled = await runCliForTest([
      'profile',
      database.url,
      '--out',
      profileDir,
      '--exclude',
      'crm.*',
    ]);
    expect(profiled.code, profiled.stderr).toBe(EXIT.ok);
    const target = join(work, 'generated');
    const run = await runCliForTest([
      'generate',
      profileDir,
      '--target',
      target,
      '--format',
      'jsonl',
      '--only',
      'customers',
      '--rows',
      'customers=7',
    ]);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    const written = readdirSync(target).filter((file) => file.endsWith('.jsonl'));
    expect(written).toHaveLength(1);
    expect(readFileSync(join(target, written[0]!), 'utf8').trim().split('\n')).toHaveLength(7);
    const wrong = await runCliForTest(['generate', profileDir, '--target', '-', '--only', 'order']);
    expect(wrong.code).toBe(EXIT.usage);
    expect(wrong.stderr).toContain('only "order" matches no dataset; the closest: sales.ORDERS');
  });
});

describe('dataset names in service requests', () => {
  let server: RunningServer;
  let jobs: JobStore;
  let root: string;

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'doppel-dataset-names-profiles-'));
    cpSync(join(REPO_ROOT, 'profiles/demo'), join(root, 'demo'), { recursive: true });
    jobs = new JobStore({ log: silentLogger, stateDir: mkdtempSync(join(work, 'state-')) });
    const outputRoot = mkdtempSync(join(work, 'output-'));
    server = await startServer(
      createApp({
        profilesRoot: root,
        jobs,
        settings: { connections: new Map(), adhocAddresses: true, outputRoot },
      }),
      { port: 0, host: '127.0.0.1' },
    );
  });

  afterAll(async () => {
    await jobs?.close();
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  const post = async (body: unknown) => {
    const response = await fetch(`${server.url}/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as JobReply };
  };

  it('refuses a generate job naming no dataset before accepting it (400, the closest names)', async () => {
    const refused = await post({ kind: 'generate', profile: 'demo', target: 'out', only: ['custmers'] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(
      /^only "custmers" matches no dataset; the closest: public\.customers, /,
    );
  });

  it('accepts unqualified names in a generate job', async () => {
    const accepted = await post({
      kind: 'generate',
      profile: 'demo',
      target: 'out',
      only: ['customers'],
      rows: { customers: 5 },
      dryRun: true,
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    await jobs.wait(accepted.body.id);
    const done = (await (await fetch(`${server.url}/jobs/${accepted.body.id}`)).json()) as JobReply;
    expect(done.status, JSON.stringify(done)).toBe('succeeded');
  });

  it('takes globs in a generate job (against local names when the glob has no dot), refuses one matching nothing', async () => {
    const accepted = await post({
      kind: 'generate',
      profile: 'demo',
      target: 'out',
      only: ['order*'],
      skip: ['public.order_?tems'],
      dryRun: true,
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(202);
    await jobs.wait(accepted.body.id);
    const done = (await (await fetch(`${server.url}/jobs/${accepted.body.id}`)).json()) as JobReply & {
      readonly result?: {
        readonly plan?: {
          readonly datasets?: readonly { readonly name: string; readonly generate: boolean }[];
        };
      };
    };
    expect(done.status, JSON.stringify(done)).toBe('succeeded');
    const generated = done.result?.plan?.datasets?.filter((dataset) => dataset.generate);
    expect(generated?.map((dataset) => dataset.name)).toEqual(['public.orders']);
    const refused = await post({ kind: 'generate', profile: 'demo', target: 'out', only: ['invoice*'] });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/^only "invoice\*" matches no dataset; the closest: /);
  });

  it('fails a profile job whose include is ambiguous, saying which datasets it could mean', async () => {
    const started = await post({
      kind: 'profile',
      source: database.url,
      name: 'amb',
      include: ['customers'],
    });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    await jobs.wait(started.body.id);
    const done = (await (await fetch(`${server.url}/jobs/${started.body.id}`)).json()) as JobReply;
    expect(done).toMatchObject({
      status: 'failed',
      error: { kind: 'usage', message: expect.stringContaining('"customers" is ambiguous') },
    });
  });
});
