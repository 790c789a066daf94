/**
 * Generate and clean jobs into Kafka through the HTTP service, on the services script's broker and registry:
 * a paced run (rate × duration rows) framed by the service's own registry, then a clean job that deletes the
 * topics it created (`deleteTopics`); a registry the request names gets none of the service's registry
 * credentials (a loopback listener of the test's own records what it receives).
 */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { JobStore } from '../../../src/api/jobs/job-store.js';
import { type RunningServer, startServer } from '../../../src/api/server.js';
import { parseAddress } from '../../../src/shared/address.js';
import { silentLogger } from '../../../src/shared/log.js';
import { unframeWire } from '../../../src/sources/kafka/record-encoding.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';
import { type RecordingListener, serviceJobs, startRecordingListener } from '../../helpers/service-jobs.js';
import { requireRegistry, rest, testRegistries } from '../../helpers/test-registry.js';
import {
  deleteTopicsWithPrefix,
  listTopics,
  readTopic,
  requireKafka,
  TEST_BROKERS,
  uniqueTopicPrefix,
} from '../sources/kafka/kafka-helpers.js';

const registry = testRegistries()[0]!;
const PASSWORD = 'svc-kafka-registry-pw-7730';
const prefix = uniqueTopicPrefix('doppel-kjob');
const CUSTOMERS = `${prefix}.customers`;

describe('generate and clean jobs into Kafka', () => {
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
    await requireKafka();
    await requireRegistry(registry);
    process.env.DOPPEL_REGISTRY_URL = registry.url;
    process.env.DOPPEL_REGISTRY_USER = 'service';
    process.env.DOPPEL_REGISTRY_PASSWORD = PASSWORD;
    root = mkdtempSync(join(tmpdir(), 'doppel-kafka-job-'));
    stateDir = mkdtempSync(join(tmpdir(), 'doppel-kafka-job-state-'));
    cpSync(join(REPO_ROOT, 'profiles/demo'), join(root, 'demo'), { recursive: true });
    jobs = new JobStore({ log: silentLogger, stateDir });
    const stream = parseAddress(`kafka://${TEST_BROKERS.join(',')}/${prefix}.{local}`);
    const app = createApp({
      profilesRoot: root,
      jobs,
      settings: {
        connections: new Map([['stream', { name: 'stream', address: stream, writable: true }]]),
        adhocAddresses: true,
        allowDestructive: true,
      },
    });
    server = await startServer(app, { port: 0, host: '127.0.0.1' });
    listener = await startRecordingListener(500, { error_code: 50001, message: 'not a registry' });
  });

  afterAll(async () => {
    process.env = saved;
    await jobs?.close();
    await server?.close();
    await listener?.close();
    await deleteTopicsWithPrefix(prefix);
    await rest(registry.url).deleteSubjects(prefix);
    for (const dir of [root, stateDir]) if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('paces a run framed by the service registry, then deletes the topics it created', async () => {
    const job = await runJob({
      kind: 'generate',
      profile: 'demo',
      target: 'stream',
      only: ['public.customers'],
      encoding: 'json-schema',
      rate: '100/s',
      duration: 2,
    });
    expect(job.status, JSON.stringify(job.error)).toBe('succeeded');
    expect(job.params).toMatchObject({
      registry: registry.url,
      encoding: 'json-schema',
      rate: 100,
      duration: 2,
    });
    expect(job.params).not.toHaveProperty('registryCredentials');
    const records = await readTopic(CUSTOMERS);
    expect(records).toHaveLength(200);
    const first = unframeWire(records[0]!.value);
    expect(first?.id).toBeGreaterThan(0);
    expect(JSON.parse(first!.payload.toString('utf8'))).toHaveProperty('email');
    const stamps = records.map((record) => record.timestamp);
    expect(Math.max(...stamps) - Math.min(...stamps)).toBeGreaterThanOrEqual(1_500);

    const cleaned = await runJob({ kind: 'clean', target: 'stream', deleteTopics: true });
    expect(cleaned.status, JSON.stringify(cleaned.error)).toBe('succeeded');
    expect(cleaned.params).toMatchObject({ target: 'stream', deleteTopics: true });
    expect(await listTopics()).not.toContain(CUSTOMERS);
  });

  it('sends no registry credentials of its own to a registry the request names', async () => {
    const job = await runJob({
      kind: 'generate',
      profile: 'demo',
      target: 'stream',
      only: ['public.customers'],
      rows: { 'public.customers': 5 },
      registry: listener.url,
    });
    expect(job.status).toBe('failed');
    expect(listener.heard.length).toBeGreaterThan(0);
    expect(listener.heard.every((header) => header === undefined)).toBe(true);
  });

  it('refuses stream fields a request cannot use before starting', async () => {
    for (const body of [
      { kind: 'generate', profile: 'demo', target: 'stream', encoding: 'protobuf' },
      { kind: 'generate', profile: 'demo', target: 'stream', rate: 'fast' },
      { kind: 'generate', profile: 'demo', target: 'stream', rate: -5 },
      { kind: 'generate', profile: 'demo', target: 'pglite:memory', rate: 10 },
      { kind: 'clean', target: 'pglite:memory', deleteTopics: true },
    ]) {
      const answer = await call('POST', '/jobs', body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
    }
  });
});
