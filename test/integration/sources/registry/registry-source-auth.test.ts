/**
 * Credentials for a registry read as a source come only from the environment: a loopback listener of the
 * test's own stands in front of the services script's registry, answers 401 to any request whose basic
 * Authorization header is not the one DOPPEL_REGISTRY_USER / DOPPEL_REGISTRY_PASSWORD give, and forwards
 * the others. `doppel inspect` and `doppel profile` send it; the password never appears in their output,
 * log or task files; a wrong one is exit 3 naming the variables; an address carrying credentials is refused
 * (exit 2) without echoing them.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliForTest } from '../../../helpers/run-cli.js';
import { requireRegistry, rest, testRegistries, uniquePrefix } from '../../../helpers/test-registry.js';

const registry = testRegistries()[0]!;
const USER = 'reader';
const PASSWORD = 'p@ss:w/rd #src%secret';
const EXPECTED = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;
const prefix = uniquePrefix('srcauth');
const received: (string | undefined)[] = [];
let server: Server;
let proxy: string;
let folder: string;

beforeAll(async () => {
  await requireRegistry(registry);
  const schema = { type: 'record', name: 'Ping', namespace: prefix, fields: [{ name: 'at', type: 'long' }] };
  await rest(registry.url).call('POST', `/subjects/${prefix}.pings-value/versions`, {
    schema: JSON.stringify(schema),
  });
  server = createServer((incoming, response) => {
    received.push(incoming.headers.authorization);
    if (incoming.headers.authorization !== EXPECTED) {
      response.writeHead(401, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error_code: 40101, message: 'Unauthorized' }));
      return;
    }
    const outgoing = request(
      new URL(incoming.url ?? '/', registry.url),
      { method: incoming.method },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(response);
      },
    );
    incoming.pipe(outgoing);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxy = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  folder = await mkdtemp(join(tmpdir(), 'doppel-registry-auth-'));
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rest(registry.url).deleteSubjects(prefix);
  if (folder) await rm(folder, { recursive: true, force: true });
});

const env = (password: string) => ({ DOPPEL_REGISTRY_USER: USER, DOPPEL_REGISTRY_PASSWORD: password });

describe('registry source credentials', () => {
  it('inspect and profile send the environment credentials and never show them', async () => {
    received.length = 0;
    const inspected = await runCliForTest(
      ['--log-level', 'debug', 'inspect', `registry+${proxy}`, '--include', `${prefix}.*`],
      env(PASSWORD),
    );
    expect(inspected.code, inspected.stderr).toBe(0);
    expect(inspected.stdout).toContain(`${prefix}.pings`);
    const out = join(folder, 'profile');
    const profiled = await runCliForTest(
      ['--log-level', 'debug', 'profile', `registry+${proxy}`, '--include', `${prefix}.*`, '--out', out],
      env(PASSWORD),
    );
    expect(profiled.code, profiled.stderr).toBe(0);
    expect(received.length).toBeGreaterThan(0);
    expect(received.every((header) => header === EXPECTED)).toBe(true);
    const files = await Promise.all((await readdir(out)).map((name) => readFile(join(out, name), 'utf8')));
    for (const text of [inspected.stdout, inspected.stderr, profiled.stdout, profiled.stderr, ...files]) {
      expect(text).not.toContain(PASSWORD);
      expect(text).not.toContain(encodeURIComponent(PASSWORD));
    }
  });

  it('a wrong password is a connection error naming the variables, not the password', async () => {
    const run = await runCliForTest(['inspect', `registry+${proxy}`], env('wrong-secret-value'));
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('DOPPEL_REGISTRY_USER / DOPPEL_REGISTRY_PASSWORD');
    expect(run.stderr + run.stdout).not.toContain('wrong-secret-value');
  });

  it('an address carrying credentials is refused without echoing them', async () => {
    const run = await runCliForTest([
      'inspect',
      `registry+http://${USER}:${encodeURIComponent(PASSWORD)}@127.0.0.1:9/`,
    ]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('DOPPEL_REGISTRY_USER');
    expect(run.stderr + run.stdout).not.toContain(PASSWORD);
    expect(run.stderr + run.stdout).not.toContain(encodeURIComponent(PASSWORD));
  });
});
