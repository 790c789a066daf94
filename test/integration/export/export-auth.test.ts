/**
 * Registry credentials: a loopback listener of the test's own stands in front of the services script's
 * registry, checks the Authorization header of every request it receives (basic from
 * DOPPEL_REGISTRY_USER / DOPPEL_REGISTRY_PASSWORD, bearer from DOPPEL_REGISTRY_TOKEN) and forwards the good
 * ones. A wrong secret is a connection error (exit 3) naming the variables; no secret is ever printed.
 */
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliForTest } from '../../helpers/run-cli.js';
import { requireRegistry, rest, testRegistries, uniquePrefix } from '../../helpers/test-registry.js';

const registry = testRegistries()[0]!;
const PASSWORD = 'p@ss:w/rd #secret%';
const TOKEN = 'tok-3f9a61c2-registry';
const prefix = uniquePrefix('auth');

let server: Server;
let proxyUrl: string;
let expected = '';
const received: (string | undefined)[] = [];

function forward(
  incoming: IncomingMessage,
  respond: (status: number, headers: object, body: Buffer) => void,
) {
  const target = new URL(incoming.url ?? '/', registry.url);
  const chunks: Buffer[] = [];
  incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
  incoming.on('end', () => {
    const outgoing = request(
      target,
      {
        method: incoming.method,
        headers: { 'content-type': incoming.headers['content-type'] ?? 'application/json' },
      },
      (answer) => {
        const parts: Buffer[] = [];
        answer.on('data', (part: Buffer) => parts.push(part));
        answer.on('end', () => respond(answer.statusCode ?? 502, answer.headers, Buffer.concat(parts)));
      },
    );
    outgoing.end(Buffer.concat(chunks));
  });
}

beforeAll(async () => {
  await requireRegistry(registry);
  server = createServer((incoming, response) => {
    received.push(incoming.headers.authorization);
    if (incoming.headers.authorization !== expected) {
      response.writeHead(401, {
        'content-type': 'application/json',
        'www-authenticate': 'Basic realm="registry"',
      });
      response.end(JSON.stringify({ error_code: 40101, message: 'Unauthorized' }));
      return;
    }
    forward(incoming, (status, headers, body) => {
      response.writeHead(status, headers as Record<string, string>);
      response.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  proxyUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
  await rest(registry.url).deleteSubjects(prefix);
});

function exportDemo(topic: string, env: Record<string, string | undefined>) {
  return runCliForTest(
    [
      '--json',
      'export',
      'profiles/demo',
      '--registry',
      proxyUrl,
      '--topic',
      `${prefix}.${topic}.{local}`,
      '--no-keys',
    ],
    {
      DOPPEL_REGISTRY_USER: undefined,
      DOPPEL_REGISTRY_PASSWORD: undefined,
      DOPPEL_REGISTRY_TOKEN: undefined,
      ...env,
    },
  );
}

function expectNoSecret(run: { stdout: string; stderr: string }): void {
  for (const secret of [PASSWORD, encodeURIComponent(PASSWORD), TOKEN]) {
    expect(run.stdout).not.toContain(secret);
    expect(run.stderr).not.toContain(secret);
  }
}

describe('registry credentials', () => {
  it('sends basic auth from DOPPEL_REGISTRY_USER / DOPPEL_REGISTRY_PASSWORD on every request', async () => {
    expected = `Basic ${Buffer.from(`exporter:${PASSWORD}`).toString('base64')}`;
    received.length = 0;
    const run = await exportDemo('basic', {
      DOPPEL_REGISTRY_USER: 'exporter',
      DOPPEL_REGISTRY_PASSWORD: PASSWORD,
    });
    expect(run.code, run.stderr).toBe(0);
    expect(received.length).toBeGreaterThan(6);
    expect(new Set(received)).toEqual(new Set([expected]));
    expect((await rest(registry.url).subjects(`${prefix}.basic.`)).length).toBe(6);
    expectNoSecret(run);
  });

  it('sends a bearer token from DOPPEL_REGISTRY_TOKEN on every request', async () => {
    expected = `Bearer ${TOKEN}`;
    received.length = 0;
    const run = await exportDemo('bearer', { DOPPEL_REGISTRY_TOKEN: TOKEN });
    expect(run.code, run.stderr).toBe(0);
    expect(new Set(received)).toEqual(new Set([expected]));
    expectNoSecret(run);
  });

  it('says which variables to check when the registry refuses them (exit 3), printing no secret', async () => {
    expected = `Bearer ${TOKEN}`;
    const run = await exportDemo('wrong', {
      DOPPEL_REGISTRY_USER: 'exporter',
      DOPPEL_REGISTRY_PASSWORD: PASSWORD,
    });
    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/refused the credentials.*DOPPEL_REGISTRY_USER/);
    expectNoSecret(run);
  });

  it('refuses credentials in the address and two kinds of credentials at once (exit 2)', async () => {
    const inUrl = await runCliForTest([
      'export',
      'profiles/demo',
      '--registry',
      `http://exporter:${encodeURIComponent(PASSWORD)}@127.0.0.1:8081`,
    ]);
    expect(inUrl.code).toBe(2);
    expect(inUrl.stderr).toContain('DOPPEL_REGISTRY_PASSWORD');
    expectNoSecret(inUrl);
    const both = await exportDemo('both', { DOPPEL_REGISTRY_TOKEN: TOKEN, DOPPEL_REGISTRY_USER: 'exporter' });
    expect(both.code).toBe(2);
    expectNoSecret(both);
  });
});
