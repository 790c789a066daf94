/**
 * Every request is checked against openapi.yaml before any work: unknown fields (a misspelt "dryrun" must
 * not turn a dry run into a write), wrong types, values past the limits, bodies too large or nested too
 * deep, bad percent-encoding and unknown query parameters are a 400 naming what was wrong, and no job
 * starts. The limits in openapi.yaml are the numbers the CLI enforces (src/shared/limits.ts).
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { JobStore } from '../../../src/api/jobs/job-store.js';
import { readContract } from '../../../src/api/request-validation.js';
import { type RunningServer, startServer } from '../../../src/api/server.js';
import { LIMITS, nestingDepth } from '../../../src/shared/limits.js';
import { silentLogger } from '../../../src/shared/log.js';
import { REPO_ROOT, runCliForTest } from '../../helpers/run-cli.js';

interface Reply {
  readonly status: number;
  readonly body: { error?: { kind: string; message: string; details?: string[] } } & Record<string, unknown>;
}

/** A raw request: the path is sent exactly as written (no URL normalization). */
function send(url: string, method: string, path: string, body?: string): Promise<Reply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const call = httpRequest(
      {
        hostname,
        port,
        method,
        path,
        headers: body === undefined ? {} : { 'content-type': 'application/json' },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) }));
      },
    );
    call.on('error', reject);
    call.end(body);
  });
}

describe('requests checked against openapi.yaml', () => {
  let dir: string;
  let server: RunningServer;
  let jobs: JobStore;
  const post = (body: unknown) => send(server.url, 'POST', '/jobs', JSON.stringify(body));
  const generate = { kind: 'generate', profile: 'demo', target: 'out' };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doppel-request-validation-'));
    cpSync(join(REPO_ROOT, 'profiles', 'demo'), join(dir, 'profiles', 'demo'), { recursive: true });
    mkdirSync(join(dir, 'output'));
    jobs = new JobStore({ log: silentLogger, stateDir: join(dir, 'state') });
    const app = createApp({
      profilesRoot: join(dir, 'profiles'),
      jobs,
      settings: { outputRoot: join(dir, 'output') },
    });
    server = await startServer(app, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
    await jobs.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a misspelt field ("dryrun") with a 400 naming it, and starts no job', async () => {
    const reply = await post({ ...generate, dryrun: true });
    expect(reply.status).toBe(400);
    expect(reply.body.error?.kind).toBe('usage');
    expect(reply.body.error?.message).toContain('"dryrun"');
    expect(jobs.list()).toEqual([]);
  });

  it('refuses unknown fields of every request body', async () => {
    for (const body of [
      { kind: 'profile', source: 'x', name: 'p', sampleRow: 5 },
      { kind: 'validate', profile: 'demo', source: 'x', bound: {} },
      { kind: 'export', profile: 'demo', dryrun: true },
      { ...generate, scenario: { version: 1, dataset: {} } },
    ]) {
      const reply = await post(body);
      expect(reply.status, JSON.stringify(body)).toBe(400);
      expect(reply.body.error?.message).toMatch(/"(sampleRow|bound|dryrun|scenario\.dataset)" is not known/);
    }
    const inspect = await send(server.url, 'POST', '/inspect', JSON.stringify({ source: 'x', schemas: [] }));
    expect(inspect.status).toBe(400);
    expect(inspect.body.error?.message).toContain('"schemas"');
    expect(jobs.list()).toEqual([]);
  });

  it('refuses row counts, scales and sample sizes past the limits', async () => {
    const rows = await post({ ...generate, rows: { 'public.customers': 1e15 } });
    expect(rows.status).toBe(400);
    expect(rows.body.error?.message).toBe(
      `The request field "rows.public.customers" must be <= ${LIMITS.rowsPerDataset}.`,
    );
    const scale = await post({ ...generate, scale: 1_000_000 });
    expect(scale.status).toBe(400);
    expect(scale.body.error?.message).toBe(`The request field "scale" must be <= ${LIMITS.scale}.`);
    const sample = await post({ kind: 'profile', source: 'x', name: 'p', sampleRows: LIMITS.sampleRows + 1 });
    expect(sample.status).toBe(400);
    expect(sample.body.error?.message).toContain('"sampleRows"');
    expect(jobs.list()).toEqual([]);
  });

  it('refuses wrong types and a kind it does not know, naming the field', async () => {
    const seed = await post({ ...generate, seed: 'one' });
    expect(seed.status).toBe(400);
    expect(seed.body.error?.message).toBe('The request field "seed" must be integer.');
    const kind = await post({ kind: 'destroy' });
    expect(kind.status).toBe(400);
    expect(kind.body.error?.message).toBe(
      'The request field "kind" must be one of profile, generate, validate, export, clean.',
    );
    const missing = await post({ kind: 'generate', profile: 'demo' });
    expect(missing.body.error?.message).toBe('The request field "target" is required.');
    const array = await send(server.url, 'POST', '/jobs', '[1, 2]');
    expect(array.status).toBe(400);
  });

  it('refuses an inline scenario nested 5,000 deep with a 400, not a 500', async () => {
    const deep = `${'{"a":'.repeat(5000)}1${'}'.repeat(5000)}`;
    const reply = await send(
      server.url,
      'POST',
      '/jobs',
      `{"kind":"generate","profile":"demo","target":"out","scenario":{"version":1,"datasets":${deep}}}`,
    );
    expect(reply.status).toBe(400);
    expect(reply.body.error?.message).toBe(`The request body nests deeper than ${LIMITS.depth} levels.`);
  });

  it('refuses a body larger than the limit with 413', async () => {
    const reply = await post({ ...generate, only: ['x'.repeat(LIMITS.bodyBytes)] });
    expect(reply.status).toBe(413);
    expect(reply.body.error?.message).toBe(`The request body is larger than ${LIMITS.bodyBytes} bytes.`);
  });

  it('refuses malformed percent-encoding in a path with 400', async () => {
    for (const path of ['/profiles/%E0%A4%A', '/profiles/%zz/lint', '/jobs/%', '/nowhere/%E0']) {
      const reply = await send(server.url, 'GET', path);
      expect(reply.status, path).toBe(400);
      expect(reply.body.error?.kind).toBe('usage');
    }
  });

  it('refuses a path parameter outside its pattern and an unknown query parameter', async () => {
    const name = await send(server.url, 'GET', '/profiles/..%2Fetc');
    expect(name.status).toBe(400);
    expect(name.body.error?.message).toContain('"name"');
    const query = await send(server.url, 'GET', '/profiles?debug=1');
    expect(query.status).toBe(400);
    expect(query.body.error?.message).toContain('"debug"');
  });

  it('still runs a request the contract allows', async () => {
    const reply = await post({ ...generate, dryRun: true, rows: { 'public.customers': 10 } });
    expect(reply.body).toMatchObject({ status: 'running' });
    expect(reply.status).toBe(202);
    const record = await jobs.wait(String(reply.body.id));
    expect(record?.status).toBe('succeeded');
    expect(readdirSync(join(dir, 'output'))).toEqual([]);
  });
});

describe('limits: one set of numbers for openapi.yaml and the CLI', () => {
  const contract = readContract() as {
    'x-limits': { bodyBytes: number; depth: number };
    components: { schemas: Record<string, { properties: Record<string, Record<string, unknown>> }> };
  };
  const generate = contract.components.schemas.GenerateJobRequest!.properties;
  const profile = contract.components.schemas.ProfileJobRequest!.properties;

  it('openapi.yaml declares the same limits as src/shared/limits.ts', () => {
    expect(contract['x-limits'].bodyBytes).toBe(LIMITS.bodyBytes);
    expect(contract['x-limits'].depth).toBe(LIMITS.depth);
    expect(generate.scale?.maximum).toBe(LIMITS.scale);
    expect((generate.rows?.additionalProperties as { maximum?: number } | undefined)?.maximum).toBe(
      LIMITS.rowsPerDataset,
    );
    expect(profile.sampleRows?.maximum).toBe(LIMITS.sampleRows);
  });

  it('the CLI refuses the same numbers (exit 2), and scenarios past them (exit 4)', async () => {
    const demo = join(REPO_ROOT, 'profiles', 'demo');
    const scale = await runCliForTest(['generate', demo, '-t', '-', '--scale', String(LIMITS.scale + 1)]);
    expect(scale.code).toBe(2);
    expect(scale.stderr).toContain('--scale');
    const rows = await runCliForTest([
      'generate',
      demo,
      '-t',
      '-',
      '--rows',
      `public.customers=${LIMITS.rowsPerDataset + 1}`,
    ]);
    expect(rows.code).toBe(2);
    expect(rows.stderr).toContain(`at most ${LIMITS.rowsPerDataset} rows`);
    const sample = await runCliForTest([
      'profile',
      'pglite:memory',
      '--out',
      join(tmpdir(), 'doppel-never-written'),
      '--sample-rows',
      String(LIMITS.sampleRows + 1),
    ]);
    expect(sample.code).toBe(2);
    expect(sample.stderr).toContain('--sample-rows');

    const dir = mkdtempSync(join(tmpdir(), 'doppel-scenario-limits-'));
    try {
      const many = join(dir, 'many.yaml');
      writeFileSync(
        many,
        `version: 1\ndatasets:\n  public.customers:\n    rows: ${LIMITS.rowsPerDataset + 1}\n`,
      );
      const tooMany = await runCliForTest(['generate', demo, '-t', '-', '--scenario', many]);
      expect(tooMany.code).toBe(4);
      expect(tooMany.stderr).toContain(`many.yaml:4: datasets.public.customers.rows must be a whole number`);
      const deep = join(dir, 'deep.yaml');
      writeFileSync(deep, `version: 1\ndatasets: ${'['.repeat(20_000)}${']'.repeat(20_000)}\n`);
      const tooDeep = await runCliForTest(['generate', demo, '-t', '-', '--scenario', deep]);
      expect(tooDeep.code).toBe(4);
      expect(tooDeep.stderr).toContain(`nests deeper than ${LIMITS.depth} levels`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('measures nesting without recursion', () => {
    let deep: unknown = 1;
    for (let level = 0; level < 100_000; level++) deep = [deep];
    expect(nestingDepth(deep)).toBe(100_000);
    expect(nestingDepth({ a: [1, { b: {} }] })).toBe(4);
    expect(nestingDepth('text')).toBe(0);
  });
});
