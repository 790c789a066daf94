/**
 * The service tried as an attacker would, on loopback only, with a listener of our own that speaks the
 * first PostgreSQL messages: the service's credentials never go to a host a caller names, connection
 * failures all read the same, callers need a key, the Host header is checked, destructive requests need the
 * service's consent and the request's, and no path leaves its root.
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { JobStore } from '../../../src/api/jobs/job-store.js';
import { type RunningServer, startServer } from '../../../src/api/server.js';
import type { ServiceSettings } from '../../../src/api/settings.js';
import { createLogger } from '../../../src/shared/log.js';
import { type FakePostgres, startFakePostgres } from '../../helpers/fake-postgres.js';
import { REPO_ROOT, runCliForTest } from '../../helpers/run-cli.js';

const SERVICE_USER = 'svc_reader_7731';
const SERVICE_PASSWORD = 'svc-env-secret-5521';
const PASSFILE_PASSWORD = 'pgpass-file-secret-9034';
const KEY = 'ci-key-0123456789abcdef';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
}

/** A request with full control of the headers (fetch does not let a caller set Host). */
function send(url: string, method: string, path: string, headers: Record<string, string>, body?: unknown) {
  const target = new URL(path, url);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise<Reply>((resolve, reject) => {
    const call = httpRequest(
      target,
      {
        method,
        headers: {
          ...(payload === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
      },
      (response) => {
        let text = '';
        response.on('data', (chunk) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, text }),
        );
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
}

describe('the service as an attacker sees it', () => {
  const saved = { ...process.env };
  const logLines: string[] = [];
  const servers: RunningServer[] = [];
  const stores: JobStore[] = [];
  let dir: string;
  let listener: FakePostgres;
  let garbage: FakePostgres;

  async function serve(settings: Partial<ServiceSettings>): Promise<string> {
    const jobs = new JobStore({ log: silent(), stateDir: join(dir, 'state') });
    const log = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
    const app = createApp({ log, profilesRoot: join(dir, 'profiles'), jobs, settings });
    const server = await startServer(app, { port: 0, host: '127.0.0.1' });
    servers.push(server);
    stores.push(jobs);
    return server.url;
  }

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doppel-security-'));
    mkdirSync(join(dir, 'profiles'));
    mkdirSync(join(dir, 'output'));
    mkdirSync(join(dir, 'elsewhere'));
    const passfile = join(dir, 'pgpass');
    writeFileSync(passfile, `*:*:*:*:${PASSFILE_PASSWORD}\n`, { mode: 0o600 });
    // The service's own credentials, as a deployment would give them to it.
    process.env.PGUSER = SERVICE_USER;
    process.env.PGPASSWORD = SERVICE_PASSWORD;
    process.env.PGPASSFILE = passfile;
    listener = await startFakePostgres();
    garbage = await startFakePostgres('garbage');
  });
  afterAll(async () => {
    for (const jobs of stores) await jobs.close();
    for (const server of servers) await server.close();
    await listener?.close();
    await garbage?.close();
    process.env = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it('control: the CLI, with its environment defaults, does send PGPASSWORD to the listener', async () => {
    const before = listener.captured.length;
    const run = await runCliForTest(['inspect', `postgres://127.0.0.1:${listener.port}/x`]);
    expect(run.code).toBe(3);
    const sent = listener.captured.slice(before);
    expect(sent.map((entry) => entry.password)).toContain(SERVICE_PASSWORD);
    expect(run.stderr).not.toContain(SERVICE_PASSWORD);
    expect(run.stderr).toContain(SERVICE_USER);
  });

  it("refuses addresses of a request's own by default, without connecting anywhere", async () => {
    const url = await serve({});
    const before = listener.connections();
    const reply = await send(
      url,
      'POST',
      '/inspect',
      {},
      { source: `postgres://127.0.0.1:${listener.port}/x` },
    );
    expect(reply.status).toBe(400);
    expect(JSON.parse(reply.text).error.message).toContain('serve.adhocAddresses');
    expect(listener.connections()).toBe(before);
  });

  it("never sends the service's password, user or password file to a host a request names", async () => {
    const url = await serve({ adhocAddresses: true });
    const before = listener.captured.length;
    const address = `postgres://127.0.0.1:${listener.port}/x`;
    const inspect = await send(url, 'POST', '/inspect', {}, { source: address });
    expect(inspect.status).toBe(502);
    const job = await send(url, 'POST', '/jobs', {}, { kind: 'profile', source: address, name: 'stolen' });
    expect(job.status).toBe(202);
    await stores.at(-1)?.wait(JSON.parse(job.text).id);
    const sent = listener.captured.slice(before);
    expect(sent.length).toBe(2);
    for (const entry of sent) {
      expect(entry.password).toBe('');
      expect(entry.parameters.user).toBe('postgres');
      expect(JSON.stringify(entry)).not.toContain(SERVICE_USER);
    }
    const everything = JSON.stringify(listener.captured.slice(before)) + inspect.text + job.text;
    for (const secret of [SERVICE_PASSWORD, PASSFILE_PASSWORD]) expect(everything).not.toContain(secret);
  });

  it('refuses addresses that would read local files or sockets', async () => {
    const url = await serve({ adhocAddresses: true });
    for (const source of [
      `postgres://u@127.0.0.1:${listener.port}/x?sslrootcert=/etc/passwd`,
      `postgres://u@127.0.0.1:${listener.port}/x?sslkey=/etc/shadow&sslmode=require`,
      'postgres://u@/x?host=/var/run/postgresql',
    ]) {
      const reply = await send(url, 'POST', '/inspect', {}, { source });
      expect(reply.status, source).toBe(400);
    }
  });

  it('answers every connection failure with the same message, and logs the cause', async () => {
    const url = await serve({ adhocAddresses: true });
    const closed = await startFakePostgres();
    const closedPort = closed.port;
    await closed.close();
    const bodies = new Set<string>();
    for (const port of [closedPort, listener.port, garbage.port]) {
      const reply = await send(url, 'POST', '/inspect', {}, { source: `postgres://u@127.0.0.1:${port}/x` });
      expect(reply.status).toBe(502);
      bodies.add(reply.text);
    }
    expect(bodies.size).toBe(1);
    expect(logLines.join('\n')).toMatch(/refused/);
  });

  it('needs a key on every route but /health, compared exactly', async () => {
    const url = await serve({ keys: [{ name: 'ci', secret: KEY }] });
    expect((await send(url, 'GET', '/health', {})).status).toBe(200);
    const missing = await send(url, 'GET', '/profiles', {});
    expect(missing.status).toBe(401);
    expect(missing.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(JSON.parse(missing.text).error.kind).toBe('unauthorized');
    for (const wrong of [`${KEY}x`, KEY.slice(0, -1), 'x', ''])
      expect((await send(url, 'GET', '/profiles', { authorization: `Bearer ${wrong}` })).status).toBe(401);
    expect((await send(url, 'GET', '/profiles', { authorization: `Basic ${KEY}` })).status).toBe(401);
    const ok = await send(url, 'GET', '/profiles', { authorization: `Bearer ${KEY}` });
    expect(ok.status).toBe(200);
    expect(logLines.some((line) => line.includes('GET /profiles 200') && line.includes('(key ci)'))).toBe(
      true,
    );
    expect(logLines.join('\n')).not.toContain(KEY);
  });

  it('answers only to allowed Host names (DNS rebinding), with security headers and no CORS', async () => {
    const url = await serve({});
    const rebound = await send(url, 'GET', '/profiles', { host: 'attacker.example:8080' });
    expect(rebound.status).toBe(400);
    expect(JSON.parse(rebound.text).error.message).toContain('Host header');
    for (const host of ['localhost:1', '127.0.0.1', '[::1]:80'])
      expect((await send(url, 'GET', '/profiles', { host })).status, host).toBe(200);
    const plain = await send(url, 'GET', '/profiles', { origin: 'https://attacker.example' });
    expect(plain.headers['x-content-type-options']).toBe('nosniff');
    expect(plain.headers['access-control-allow-origin']).toBeUndefined();
    const allowed = await serve({ corsOrigins: ['https://ui.example'] });
    const cors = await send(allowed, 'GET', '/profiles', { origin: 'https://ui.example' });
    expect(cors.headers['access-control-allow-origin']).toBe('https://ui.example');
  });

  it('truncates and overwrites only when the service allows it and the request asks', async () => {
    mkdirSync(join(dir, 'profiles', 'demo'), { recursive: true });
    writeFileSync(join(dir, 'profiles', 'demo', 'plan.yaml'), 'version: 1\n');
    const strict = await serve({ adhocAddresses: true });
    const address = `postgres://u@127.0.0.1:${listener.port}/x`;
    const truncate = { kind: 'generate', profile: 'demo', target: address, mode: 'truncate' };
    const refusedTruncate = await send(strict, 'POST', '/jobs', {}, truncate);
    expect(refusedTruncate.status).toBe(409);
    expect(refusedTruncate.text).toContain('serve.allowDestructive');
    const profile = { kind: 'profile', source: address, name: 'demo' };
    expect((await send(strict, 'POST', '/jobs', {}, profile)).status).toBe(409);
    expect((await send(strict, 'POST', '/jobs', {}, { ...profile, overwrite: true })).status).toBe(409);
    const lenient = await serve({ adhocAddresses: true, allowDestructive: true });
    expect((await send(lenient, 'POST', '/jobs', {}, profile)).status).toBe(409);
    expect((await send(lenient, 'POST', '/jobs', {}, { ...profile, overwrite: true })).status).toBe(202);
  });

  it('sends an export to a registry of the request only where ad-hoc addresses are allowed', async () => {
    mkdirSync(join(dir, 'profiles', 'demo'), { recursive: true });
    writeFileSync(join(dir, 'profiles', 'demo', 'plan.yaml'), 'version: 1\n');
    const url = await serve({});
    const registry = { kind: 'export', profile: 'demo', registry: 'http://127.0.0.1:1' };
    const refused = await send(url, 'POST', '/jobs', {}, registry);
    expect(refused.status).toBe(400);
    expect(refused.text).toContain('serve.adhocAddresses');
  });

  it('refuses pglite:memory as a source: it is empty, and each one costs seconds of CPU outside the queue', async () => {
    const url = await serve({});
    for (const [path, body] of [
      ['/inspect', { source: 'pglite:memory' }],
      ['/jobs', { kind: 'profile', source: 'pglite:memory', name: 'empty' }],
    ] as const) {
      const reply = await send(url, 'POST', path, {}, body);
      expect(reply.status, `${path}: ${reply.text}`).toBe(400);
      expect(reply.text).toContain('pglite:memory');
    }
  });

  it('keeps file targets, pglite folders, scenarios and profiles inside their roots', async () => {
    const profiles = join(dir, 'profiles');
    symlinkSync(join(REPO_ROOT, 'profiles', 'demo'), join(profiles, 'linked'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'output', 'escape'));
    const url = await serve({ outputRoot: join(dir, 'output') });
    const generate = { kind: 'generate', profile: 'demo', dryRun: true };
    for (const target of [
      join(dir, 'elsewhere'),
      '../elsewhere',
      '../../../../tmp/x',
      `file://${join(dir, 'elsewhere')}`,
      'escape/inside',
      'pglite:../elsewhere',
      `pglite:${join(dir, 'elsewhere')}`,
    ]) {
      const reply = await send(url, 'POST', '/jobs', {}, { ...generate, target });
      expect(reply.status, `${target}: ${reply.text}`).toBe(400);
      expect(reply.text).not.toContain(dir);
    }
    // A job is accepted once its profile loads and names what it generates: a real profile, copied in.
    cpSync(join(REPO_ROOT, 'profiles', 'demo'), join(profiles, 'real'), { recursive: true });
    const inside = await send(
      url,
      'POST',
      '/jobs',
      {},
      { ...generate, profile: 'real', target: 'fine/here' },
    );
    expect(inside.status, inside.text).toBe(202);
    const listed = JSON.parse((await send(url, 'GET', '/profiles', {})).text) as {
      profiles: { name: string }[];
    };
    expect(listed.profiles.map((entry) => entry.name)).not.toContain('linked');
    expect((await send(url, 'GET', '/profiles/linked', {})).status).toBe(400);
    const scenario = await send(
      url,
      'POST',
      '/jobs',
      {},
      { ...generate, target: 'x', scenario: 'linked/plan.yaml' },
    );
    expect(scenario.status).toBe(400);
    const noRoot = await serve({});
    expect((await send(noRoot, 'POST', '/jobs', {}, { ...generate, target: 'out' })).text).toContain(
      'serve.outputRoot',
    );
  });

  it('shows no absolute server path in an error', async () => {
    const url = await serve({ outputRoot: join(dir, 'output') });
    writeFileSync(join(dir, 'output', 'a-file'), 'not a folder');
    const job = await send(
      url,
      'POST',
      '/jobs',
      {},
      { kind: 'generate', profile: 'demo', target: 'a-file/sub' },
    );
    const id = JSON.parse(job.text).id as string | undefined;
    if (id !== undefined) await stores.at(-1)?.wait(id);
    const record = id === undefined ? job.text : (await send(url, 'GET', `/jobs/${id}`, {})).text;
    expect(record).toContain('"error"');
    expect(record).not.toContain(dir);
    expect(record).not.toMatch(/"\/(tmp|var|root|home)\//);
  });
});

function silent() {
  return createLogger({ level: 'error', write: () => undefined });
}
