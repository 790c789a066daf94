/**
 * The privacy canary through the service: a spawned `doppel serve` (JSON log at the debug level, which logs
 * every request) profiles the real PostgreSQL source with planted canary values (test/integration/profile/
 * shop-fixture.ts: strings in every kind of text column, outlier numbers), generates the profile into a
 * second database, validates both databases against it and cleans what it generated, all as jobs; the
 * profile is also shown, linted and reported over HTTP. No canary appears in the service's log, in any
 * response, in any file of its state directory (job records, run manifests) or in the profile it wrote,
 * and neither does a credential (the source connection's password, the API key).
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { sendHttpRequest } from '../../helpers/http-request.js';
import { REPO_ROOT, type RunningCli, spawnBuiltCli } from '../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { expectNoCanary, loadShopFixture } from '../profile/shop-fixture.js';

const SOURCE_PASSWORD = 'svc-privacy-conn-pw-6120';
const API_KEY = 'svc-privacy-api-key-8837';

let dir: string;
let source: TestDatabase;
let staging: TestDatabase;
let service: RunningCli | undefined;

beforeAll(async () => {
  source = await createTestDatabase('postgres');
  await loadShopFixture(source.url);
  staging = await createTestDatabase('postgres');
  dir = mkdtempSync(join(tmpdir(), 'doppel-service-privacy-'));
  cpSync(join(REPO_ROOT, 'profiles', 'demo'), join(dir, 'profiles', 'demo'), { recursive: true });
  // The test server trusts loopback, so the source's password is sent and ignored.
  const config = {
    serve: {
      connections: {
        shop: { url: source.url, passwordEnv: 'SHOP_PASSWORD' },
        staging: { url: staging.url, writable: true },
      },
    },
  };
  writeFileSync(join(dir, 'doppel.yaml'), stringify(config));
}, 60_000);

afterAll(async () => {
  if (service?.child.exitCode === null) service.child.kill('SIGKILL');
  await source?.drop();
  await staging?.drop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

/** Every file under `folder`, concatenated. */
function readTree(folder: string): string {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'))
    .join('\n');
}

describe('the service and the privacy canary', () => {
  it('carries no canary value and no credential into its log, its responses or its state', async () => {
    service = spawnBuiltCli(
      [
        '--log-level',
        'debug',
        'serve',
        '--port',
        '0',
        '--profiles',
        join(dir, 'profiles'),
        '--log-format',
        'json',
      ],
      {
        env: {
          DOPPEL_STATE_DIR: join(dir, 'state'),
          DOPPEL_API_KEYS: `ci:${API_KEY}`,
          SHOP_PASSWORD: SOURCE_PASSWORD,
          DOPPEL_CONFIG: undefined,
          DOPPEL_LOG_FORMAT: undefined,
        },
        cwd: dir,
      },
    );
    const running = service;
    const [, url] = (await running.waitForStdout(/serving on (http:\/\/\S+)/)) as [string, string];
    const responses: string[] = [];
    const call = async (method: string, path: string, body?: unknown) => {
      const reply = await sendHttpRequest(url, {
        method,
        path,
        headers: { authorization: `Bearer ${API_KEY}` },
        ...(body === undefined ? {} : { body }),
      });
      responses.push(reply.text);
      return reply;
    };
    /** Starts a job and waits for its last log line; returns its record. */
    const runJob = async (body: Record<string, unknown>) => {
      const started = await call('POST', '/jobs', body);
      expect(started.status, started.text).toBe(202);
      const { id } = started.json<{ id: string }>();
      await running.waitForStderr(new RegExp(`job ${id} \\(\\w+\\) (succeeded|failed|cancelled)`));
      return (await call('GET', `/jobs/${id}`)).json<{ status: string; error?: unknown }>();
    };

    const profiled = await runJob({ kind: 'profile', source: 'shop', name: 'shop', full: true });
    expect(profiled.status, JSON.stringify(profiled.error)).toBe('succeeded');
    const generated = await runJob({
      kind: 'generate',
      profile: 'shop',
      target: 'staging',
      createSchema: true,
    });
    expect(generated.status, JSON.stringify(generated.error)).toBe('succeeded');
    // Validating the source itself reads the planted rows again, and every check reports on them.
    for (const against of ['shop', 'staging']) {
      const validated = await runJob({ kind: 'validate', profile: 'shop', source: against });
      expect(validated.status, JSON.stringify(validated.error)).toBe('succeeded');
    }
    const cleaned = await runJob({ kind: 'clean', target: 'staging' });
    expect(cleaned.status, JSON.stringify(cleaned.error)).toBe('succeeded');
    for (const path of ['/profiles/shop', '/profiles/shop/lint', '/profiles/shop/report', '/jobs'])
      expect((await call('GET', path)).status).toBe(200);
    expect((await call('POST', '/inspect', { source: 'shop' })).status).toBe(200);

    running.child.kill('SIGTERM');
    const run = await running.exited;
    expect(run.code).toBe(0);
    const log = run.stderr;
    // The log is the one the jobs ran under: each one's events are there.
    expect(log.match(/"status":"succeeded"/g)?.length).toBeGreaterThanOrEqual(5);
    expect(log).toContain('"req":');
    const state = readTree(join(dir, 'state'));
    expect(state).toContain('"kind": "profile"');
    for (const [where, text] of [
      ['log', log],
      ['responses', responses.join('\n')],
      ['state', state],
      ['profile', readTree(join(dir, 'profiles', 'shop'))],
    ] as const) {
      expect(text.length, where).toBeGreaterThan(0);
      expectNoCanary(text);
      expect(text, where).not.toContain(SOURCE_PASSWORD);
      expect(text, where).not.toContain(API_KEY);
    }
  }, 300_000);
});
