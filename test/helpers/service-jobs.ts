/**
 * Calls to an in-process HTTP service under test (`startServer` on loopback) and its jobs: `call` sends one
 * request and reads the JSON answer, handing every answer's text to `seen` (a test checks them for secrets);
 * `startJob` posts a job and expects 202; `finish` waits for it on the service's JobStore and reads its
 * record; `runJob` does both. `startRecordingListener` stands in for a registry a caller names.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import type { JobStore } from '../../src/api/jobs/job-store.js';

export interface JobRecord<Result = Record<string, unknown>> {
  id: string;
  kind: string;
  status: string;
  params: Record<string, unknown>;
  result?: Result;
  error?: { kind: string; message: string };
}

export interface ServiceJobs {
  readonly call: (
    method: string,
    path: string,
    body?: unknown,
  ) => Promise<{ status: number; body: Record<string, unknown> }>;
  readonly startJob: (body: Record<string, unknown>) => Promise<JobRecord>;
  readonly finish: <Result = Record<string, unknown>>(id: string) => Promise<JobRecord<Result>>;
  readonly runJob: <Result = Record<string, unknown>>(
    body: Record<string, unknown>,
  ) => Promise<JobRecord<Result>>;
}

/** `service` gives the running service's base URL and JobStore (read at call time: set in beforeAll). */
export function serviceJobs(
  service: () => { url: string; jobs: JobStore },
  seen: (text: string) => void = () => {},
): ServiceJobs {
  const call: ServiceJobs['call'] = async (method, path, body) => {
    const response = await fetch(`${service().url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
    const text = await response.text();
    seen(text);
    return { status: response.status, body: JSON.parse(text) as Record<string, unknown> };
  };
  const startJob: ServiceJobs['startJob'] = async (body) => {
    const started = await call('POST', '/jobs', body);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    return started.body as unknown as JobRecord;
  };
  const finish = async <Result>(id: string) => {
    await service().jobs.wait(id);
    return (await call('GET', `/jobs/${id}`)).body as unknown as JobRecord<Result>;
  };
  const runJob = async <Result>(body: Record<string, unknown>) => finish<Result>((await startJob(body)).id);
  return { call, startJob, finish, runJob };
}

export interface RecordingListener {
  readonly url: string;
  /** The `authorization` header of every request received, in order (undefined when none was sent). */
  readonly heard: (string | undefined)[];
  readonly close: () => Promise<void>;
}

/**
 * A loopback HTTP listener of the test's own standing in for a registry a caller names: it records the
 * `authorization` header of every request and answers each with `status` and `body` as JSON.
 */
export async function startRecordingListener(
  status: number,
  body: Record<string, unknown>,
): Promise<RecordingListener> {
  const heard: (string | undefined)[] = [];
  const listener = createServer((request, response) => {
    heard.push(request.headers.authorization);
    response.writeHead(status, { 'content-type': 'application/json' });
    response.end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(listener.address() as AddressInfo).port}`,
    heard,
    close: () => new Promise((resolve) => listener.close(() => resolve())),
  };
}
