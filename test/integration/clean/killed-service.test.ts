/**
 * The service killed with `kill -9` in the middle of a generate job: started again, it lists the job as
 * `interrupted`; the run manifest the job wrote before its first byte lets `doppel clean` remove the
 * `.partial` file it left. Both processes are spawned (`node bin/doppel.js serve`).
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, type RunningCli, runBuiltCli, spawnBuiltCli } from '../../helpers/run-cli.js';

let dir: string;
const running: RunningCli[] = [];

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'doppel-killed-service-'));
  cpSync(join(REPO_ROOT, 'profiles', 'demo'), join(dir, 'profiles', 'demo'), { recursive: true });
  mkdirSync(join(dir, 'output'));
});

afterAll(async () => {
  for (const service of running) if (service.child.exitCode === null) service.child.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

const env = () => ({ DOPPEL_STATE_DIR: join(dir, 'state') });

async function serve(): Promise<{ service: RunningCli; url: string }> {
  const service = spawnBuiltCli(
    ['serve', '--port', '0', '--profiles', join(dir, 'profiles'), '--output-root', join(dir, 'output')],
    { env: env(), cwd: dir },
  );
  running.push(service);
  const [, url] = (await service.waitForStdout(/serving on (http:\/\/\S+)/)) as [string, string];
  return { service, url };
}

interface Job {
  id: string;
  status: string;
  progress?: { rows?: number };
}

async function getJob(url: string, id: string): Promise<Job> {
  return (await (await fetch(`${url}/jobs/${id}`)).json()) as Job;
}

describe('the service killed with SIGKILL mid-job', () => {
  it('marks the job interrupted on restart, and doppel clean removes what it left', async () => {
    const first = await serve();
    const started = await fetch(`${first.url}/jobs`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        kind: 'generate',
        profile: 'demo',
        target: 'nightly',
        only: ['public.customers'],
        rows: { 'public.customers': 300_000 },
      }),
    });
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as Job;
    const out = join(dir, 'output', 'nightly');
    // Rows written and the temporary file there: then the service dies.
    for (;;) {
      const job = await getJob(first.url, id);
      expect(job.status).toBe('running');
      const partial = existsSync(out) && readdirSync(out).some((name) => name.endsWith('.partial'));
      if ((job.progress?.rows ?? 0) > 0 && partial) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    first.service.child.kill('SIGKILL');
    expect((await first.service.exited).code).toBe(137);
    expect(readdirSync(out).some((name) => name.endsWith('.partial'))).toBe(true);

    const second = await serve();
    const job = await getJob(second.url, id);
    expect(job).toMatchObject({ status: 'interrupted', error: { kind: 'cancelled' } });
    second.service.child.kill('SIGTERM');
    expect((await second.service.exited).code).toBe(0);

    const clean = await runBuiltCli(['clean', '--json'], { env: env(), cwd: dir });
    expect(clean.code, clean.stderr).toBe(0);
    expect(readdirSync(out)).toEqual([]);
  }, 300_000);
});
