/**
 * The service's structured log (`doppel serve --log-format json`, pino) from a spawned service against the
 * real PostgreSQL: every line is a JSON object with a time, a level and a message; each job event (queued,
 * running, and how it ended) is one line with the job's id, kind and status; and secrets planted everywhere a
 * caller or an operator can put one (an ad-hoc address's password, raw and percent-encoded, an API key, a
 * wrong key in an Authorization header, a password variable of a connection, a `password=` in a query
 * string) never appear in the log, also at the debug level, which logs each request with its headers.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { type RunningCli, spawnBuiltCli } from '../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';

const ADDRESS_PASSWORD = 'Log-canary@pw/77';
const API_KEY = 'log-canary-api-key-5521';
const WRONG_KEY = 'log-canary-wrong-key-9034';
const CONNECTION_PASSWORD = 'log-canary-conn-pw-3310';
const QUERY_SECRET = 'log-canary-query-4490';
const SECRETS = [
  ADDRESS_PASSWORD,
  encodeURIComponent(ADDRESS_PASSWORD),
  API_KEY,
  WRONG_KEY,
  CONNECTION_PASSWORD,
  QUERY_SECRET,
];

let dir: string;
let database: TestDatabase;
let service: RunningCli | undefined;

beforeAll(async () => {
  database = await createTestDatabase('postgres');
  dir = mkdtempSync(join(tmpdir(), 'doppel-service-log-'));
  // The test server trusts loopback, so the connection's password is sent and ignored.
  const config = {
    serve: { connections: { shop: { url: database.url, passwordEnv: 'SHOP_PASSWORD' } } },
  };
  writeFileSync(join(dir, 'doppel.yaml'), stringify(config));
}, 60_000);

afterAll(async () => {
  if (service?.child.exitCode === null) service.child.kill('SIGKILL');
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

describe('the service log', () => {
  it('is one JSON line per event, with job events, and never carries a secret', async () => {
    service = spawnBuiltCli(
      ['--log-level', 'debug', 'serve', '--port', '0', '--log-format', 'json', '--adhoc-addresses'],
      {
        env: {
          DOPPEL_STATE_DIR: join(dir, 'state'),
          DOPPEL_API_KEYS: `ci:${API_KEY}`,
          SHOP_PASSWORD: CONNECTION_PASSWORD,
          DOPPEL_CONFIG: undefined,
          DOPPEL_LOG_FORMAT: undefined,
        },
        cwd: dir,
      },
    );
    const [, url] = (await service.waitForStdout(/serving on (http:\/\/\S+)/)) as [string, string];
    const call = async (method: string, path: string, body?: unknown, key = API_KEY) => {
      const response = await fetch(`${url}${path}`, {
        method,
        headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: response.status, body: (await response.json()) as Record<string, unknown> };
    };
    expect((await call('GET', '/profiles', undefined, WRONG_KEY)).status).toBe(401);
    expect((await call('GET', `/jobs?password=${QUERY_SECRET}`)).status).toBe(400);
    const address = new URL(database.url);
    address.password = ADDRESS_PASSWORD;
    const missing = new URL(address);
    missing.pathname = '/doppel_no_such_database';
    const jobs = [];
    for (const source of [address.toString(), missing.toString(), 'shop'])
      jobs.push(await call('POST', '/jobs', { kind: 'validate', profile: 'nothing', source }));
    // The profile does not exist: refused before any job (404); now jobs that run.
    expect(jobs.map((job) => job.status)).toEqual([404, 404, 404]);
    const started = [];
    for (const source of [address.toString(), missing.toString(), 'shop'])
      started.push(await call('POST', '/jobs', { kind: 'profile', source, name: `p${started.length}` }));
    expect(started.map((job) => job.status)).toEqual([202, 202, 202]);
    const ends: string[] = [];
    for (const job of started)
      for (;;) {
        const record = (await call('GET', `/jobs/${job.body.id}`)).body;
        if (record.status !== 'queued' && record.status !== 'running') {
          ends.push(String(record.status));
          break;
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    expect(ends).toEqual(['succeeded', 'failed', 'succeeded']);
    service.child.kill('SIGTERM');
    const run = await service.exited;
    expect(run.code).toBe(0);

    const lines = run.stderr.split('\n').filter((line) => line !== '');
    const entries = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
    for (const entry of entries) {
      expect(typeof entry.time).toBe('string');
      expect(['error', 'warn', 'info', 'debug']).toContain(entry.level);
      expect(typeof entry.msg).toBe('string');
    }
    for (const job of started) {
      const events = entries
        .filter((entry) => (entry.job as { id?: string } | undefined)?.id === job.body.id)
        .map((entry) => (entry.job as { status: string }).status);
      expect(events[0]).toMatch(/^(queued|running)$/);
      expect(events).toContain('running');
      expect(events.at(-1)).toMatch(/^(succeeded|failed)$/);
    }
    const requests = entries.filter((entry) => entry.req !== undefined);
    expect(requests.length).toBeGreaterThan(5);
    expect(requests[0]).toMatchObject({ req: { headers: { authorization: '***' } } });
    for (const secret of SECRETS) expect(run.stderr).not.toContain(secret);
    expect(run.stderr).not.toContain('log-canary');
  }, 180_000);
});
