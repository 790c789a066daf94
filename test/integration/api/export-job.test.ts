/**
 * The HTTP service's export job against the services script's registry: a stored profile registered as
 * `doppel export` would (result in its --json shape), a dry run, bad requests refused at once, and the
 * service's registry credentials never sent to a registry a caller names (a loopback listener of the
 * test's own records what it receives).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { JobStore } from '../../../src/api/jobs/job-store.js';
import { type RunningServer, startServer } from '../../../src/api/server.js';
import type { ExportResult } from '../../../src/export/export-profile.js';
import { silentLogger } from '../../../src/shared/log.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';
import { requireRegistry, rest, testRegistries, uniquePrefix } from '../../helpers/test-registry.js';

const registry = testRegistries()[0]!;
const PASSWORD = 'svc-registry-pw-5521';
const prefix = uniquePrefix('job');

interface JobBody {
  id: string;
  status: string;
  params: Record<string, unknown>;
  result?: ExportResult;
  error?: { kind: string; message: string };
}

describe('the export job', () => {
  let server: RunningServer;
  let jobs: JobStore;
  let root: string;
  let stateDir: string;
  let listener: Server;
  let listenerUrl: string;
  const heard: (string | undefined)[] = [];
  const saved = { ...process.env };

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    expect(text).not.toContain(PASSWORD);
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
  };
  const runJob = async (body: Record<string, unknown>): Promise<JobBody> => {
    const started = await call('POST', '/jobs', body);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    const id = (started.body as unknown as JobBody).id;
    await jobs.wait(id);
    return (await call('GET', `/jobs/${id}`)).body as unknown as JobBody;
  };

  beforeAll(async () => {
    await requireRegistry(registry);
    process.env.DOPPEL_REGISTRY_URL = registry.url;
    process.env.DOPPEL_REGISTRY_USER = 'service';
    process.env.DOPPEL_REGISTRY_PASSWORD = PASSWORD;
    root = mkdtempSync(join(tmpdir(), 'doppel-export-job-'));
    stateDir = mkdtempSync(join(tmpdir(), 'doppel-export-job-state-'));
    cpSync(join(REPO_ROOT, 'profiles/demo'), join(root, 'demo'), { recursive: true });
    jobs = new JobStore({ log: silentLogger, stateDir });
    // Ad-hoc addresses on: one test names a registry of its own.
    const app = createApp({ profilesRoot: root, jobs, settings: { adhocAddresses: true } });
    server = await startServer(app, { port: 0, host: '127.0.0.1' });
    listener = createServer((request, response) => {
      heard.push(request.headers.authorization);
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error_code: 40401, message: 'Subject not found' }));
    });
    await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
    listenerUrl = `http://127.0.0.1:${(listener.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    process.env = saved;
    await jobs?.close();
    await server?.close();
    await new Promise((resolve) => listener?.close(resolve));
    await rest(registry.url).deleteSubjects(prefix);
    for (const dir of [root, stateDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('registers a stored profile in the service registry and reports it as doppel export --json', async () => {
    const job = await runJob({
      kind: 'export',
      profile: 'demo',
      topic: `${prefix}.{local}`,
      format: 'json-schema',
    });
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(job.params).toMatchObject({ profile: 'demo', registry: registry.url, format: 'json-schema' });
    expect(job.result?.ok).toBe(true);
    expect(job.result?.subjects).toHaveLength(12);
    expect(job.result?.subjects.every((subject) => subject.status === 'new' && subject.registered)).toBe(
      true,
    );
    expect(await rest(registry.url).subjects(prefix)).toHaveLength(12);

    const again = await runJob({
      kind: 'export',
      profile: 'demo',
      topic: `${prefix}.{local}`,
      format: 'json-schema',
      dryRun: true,
    });
    expect(again.result?.subjects.every((subject) => subject.status === 'unchanged')).toBe(true);
  });

  it('sends no credentials of its own to a registry the request names', async () => {
    heard.length = 0;
    const job = await runJob({
      kind: 'export',
      profile: 'demo',
      registry: listenerUrl,
      dryRun: true,
      keys: false,
    });
    expect(job.status).toBe('succeeded');
    expect(heard.length).toBeGreaterThan(0);
    expect(heard.every((header) => header === undefined)).toBe(true);
  });

  it('refuses bad export requests before starting', async () => {
    for (const body of [
      { kind: 'export', profile: 'demo', format: 'protobuf' },
      { kind: 'export', profile: 'demo', strategy: 'subject' },
      { kind: 'export', profile: 'demo', topic: '{table}' },
      { kind: 'export', profile: 'demo', registry: 'registry+http://127.0.0.1:8081' },
      { kind: 'export', profile: 'missing' },
    ]) {
      const answer = await call('POST', '/jobs', body);
      expect(answer.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
    }
  });
});
