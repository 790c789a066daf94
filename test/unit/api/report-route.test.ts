/** `GET /profiles/{name}/report` over a real loopback socket: the profile's HTML report, or the error shape. */
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { type RunningServer, startServer } from '../../../src/api/server.js';
import { REPORT_CONTENT_POLICY, renderProfileReport } from '../../../src/report/index.js';
import { loadProfile } from '../../../src/tasks/index.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

describe('GET /profiles/{name}/report', () => {
  let server: RunningServer;
  let root: string;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'doppel-report-route-'));
    // A copy: a symbolic link leading out of the profiles root is refused.
    cpSync(join(REPO_ROOT, 'profiles/demo'), join(root, 'demo'), { recursive: true });
    server = await startServer(createApp({ profilesRoot: root }), { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  });

  it("serves the profile's report as HTML that may load nothing", async () => {
    const response = await fetch(`${server.url}/profiles/demo/report`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html; charset=utf-8/);
    expect(response.headers.get('content-security-policy')).toBe(REPORT_CONTENT_POLICY);
    expect(await response.text()).toBe(
      renderProfileReport(await loadProfile(join(REPO_ROOT, 'profiles/demo'))),
    );
  });

  it('answers a missing profile with 404 in the error shape', async () => {
    const response = await fetch(`${server.url}/profiles/missing/report`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: { kind: string } }).error.kind).toBe('notFound');
  });
});
