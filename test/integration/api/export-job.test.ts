/**
 * The HTTP service's export job against the services script's registry: a stored profile registered as
 * `doppel export` would (result in its --json shape), a dry run, bad requests refused at once, and the
 * service's registry credentials never sent to a registry a caller names (a loopback listener of the
 * test's own records what it receives).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { JobStore } from '../../../src/api/jobs/job-store.js';
import { type RunningServer, startServer } from '../../../src/api/server.js';
import type { ExportResult } from '../../../src/export/export-profile.js';
import { silentLogger } from '../../../src/shared/log.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';
import { type RecordingListener, serviceJobs, startRecordingListener } from '../../helpers/service-jobs.js';
import { requireRegistry, rest, testRegistries, uniquePrefix } from '../../helpers/test-registry.js';

const registry = testRegistries()[0]!;
const PASSWORD = 'svc-registry-pw-5521';
const prefix = uniquePrefix('job');

describe('the export job', () => {
  let server: RunningServer;
  let jobs: JobStore;
  let root: string;
  let stateDir: string;
  let listener: RecordingListener;
  const saved = { ...process.env };

  const { call, runJob } = serviceJobs(
    () => ({ url: server.url, jobs }),
    (text) => expect(text).not.toContain(PASSWORD),
  );

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
    listener = await startRecordingListener(404, { error_code: 40401, message: 'Subject not found' });
  });

  afterAll(async () => {
    process.env = saved;
    await jobs?.close();
    await server?.close();
    await listener?.close();
    await rest(registry.url).deleteSubjects(prefix);
    for (const dir of [root, stateDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('registers a stored profile in the service registry and reports it as doppel export --json', async () => {
    const job = await runJob<ExportResult>({
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

    const again = await runJob<ExportResult>({
      kind: 'export',
      profile: 'demo',
      topic: `${prefix}.{local}`,
      format: 'json-schema',
      dryRun: true,
    });
    expect(again.result?.subjects.every((subject) => subject.status === 'unchanged')).toBe(true);
  });

  it('sends no credentials of its own to a registry the request names', async () => {
    const job = await runJob<ExportResult>({
      kind: 'export',
      profile: 'demo',
      registry: listener.url,
      dryRun: true,
      keys: false,
    });
    expect(job.status).toBe('succeeded');
    expect(listener.heard.length).toBeGreaterThan(0);
    expect(listener.heard.every((header) => header === undefined)).toBe(true);
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
