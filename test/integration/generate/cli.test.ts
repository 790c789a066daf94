/**
 * `doppel generate` end to end on the example profile: byte-identical files for every format whatever the
 * time zone and locale of the process, shards that add up to the one-shot output, the dry-run plan, the run
 * manifest, and exit codes for user mistakes. Needs no server.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../../..');
const EXAMPLE = join(ROOT, 'test/fixtures/profiles/example');
const RUNNER = join(ROOT, 'test/integration/generate/run-cli.ts');
const TSX = pathToFileURL(join(ROOT, 'node_modules/tsx/dist/loader.mjs')).href;
const folders: string[] = [];

async function makeFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'doppel-cli-'));
  folders.push(folder);
  return folder;
}

afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function doppel(
  args: readonly string[],
  env: Record<string, string> = {},
  cwd?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const result = await run(process.execPath, ['--import', TSX, RUNNER, ...args], {
      cwd: cwd ?? (await makeFolder()),
      env: { ...process.env, ...env },
      maxBuffer: 64 * 2 ** 20,
    });
    return { code: 0, stdout: result.stdout, stderr: result.stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, stdout: failure.stdout, stderr: failure.stderr };
  }
}

async function hashFolder(folder: string): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  for (const name of (await readdir(folder)).sort())
    hashes[name] = createHash('sha256')
      .update(await readFile(join(folder, name)))
      .digest('hex');
  return hashes;
}

const SMALL = ['--scale', '0.002', '--rows', 'sessions=800', '--seed', '5'];

describe('doppel generate', () => {
  it.each(['csv', 'jsonl', 'parquet', 'arrow'])(
    'writes byte-identical %s files in any time zone and locale',
    async (format) => {
      const first = await makeFolder();
      const second = await makeFolder();
      const a = await doppel(['generate', EXAMPLE, '--target', first, '--format', format, ...SMALL], {
        TZ: 'UTC',
        LANG: 'C',
        DOPPEL_STATE_DIR: join(first, '..', `${format}-state-a`),
      });
      const b = await doppel(['generate', EXAMPLE, '--target', second, '--format', format, ...SMALL], {
        TZ: 'Pacific/Chatham',
        LANG: 'de_DE.UTF-8',
        LC_ALL: 'de_DE.UTF-8',
        DOPPEL_STATE_DIR: join(second, '..', `${format}-state-b`),
      });
      expect(a.code, a.stderr).toBe(0);
      expect(b.code, b.stderr).toBe(0);
      const hashes = await hashFolder(first);
      expect(Object.keys(hashes)).toEqual(
        ['public.customers', 'public.orders', 'public.products', 'sessions'].map(
          (name) => `${name}.${format}`,
        ),
      );
      expect(await hashFolder(second)).toEqual(hashes);
    },
    180_000,
  );

  it('writes shards whose union is the one-shot output, and a manifest per run', async () => {
    const whole = await makeFolder();
    const shards = await makeFolder();
    const state = await makeFolder();
    expect(
      (await doppel(['generate', EXAMPLE, '--target', whole, ...SMALL], { DOPPEL_STATE_DIR: state })).code,
    ).toBe(0);
    for (let index = 0; index < 3; index++) {
      const result = await doppel(['generate', EXAMPLE, '--target', shards, '--shard', 'auto', ...SMALL], {
        DOPPEL_STATE_DIR: state,
        JOB_COMPLETION_INDEX: String(index),
        DOPPEL_SHARD_COUNT: '3',
      });
      expect(result.code, result.stderr).toBe(0);
    }
    for (const name of ['public.customers', 'public.orders', 'sessions']) {
      const expected = await readFile(join(whole, `${name}.csv`), 'utf8');
      let union = '';
      for (let index = 0; index < 3; index++) {
        const [, ...body] = (await readFile(join(shards, `${name}.shard-${index}-of-3.csv`), 'utf8')).split(
          '\n',
        );
        union += body.join('\n');
      }
      const [, ...expectedBody] = expected.split('\n');
      expect(union).toBe(expectedBody.join('\n'));
    }
    const manifests = await readdir(join(state, 'runs'));
    expect(manifests).toHaveLength(4);
    const manifest = JSON.parse(await readFile(join(state, 'runs', manifests[0]!), 'utf8'));
    expect(manifest.status).toBe('complete');
    expect(manifest.seed).toBe(5);
    expect(
      manifest.datasets.find((entry: { name: string }) => entry.name === 'public.customers').key,
    ).toMatchObject({ fields: ['id'], derivation: 'sequence' });
  }, 180_000);

  it('prints the plan on --dry-run without writing', async () => {
    const target = await makeFolder();
    const result = await doppel([
      '--json',
      'generate',
      EXAMPLE,
      '--target',
      join(target, 'out'),
      '--dry-run',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const plan = JSON.parse(result.stdout).plan;
    expect(
      plan.datasets.map((entry: { name: string }) => entry.name).indexOf('public.customers'),
    ).toBeLessThan(plan.datasets.map((entry: { name: string }) => entry.name).indexOf('public.orders'));
    expect(await readdir(target)).toEqual([]);
  }, 60_000);

  it('streams JSON Lines to stdout', async () => {
    const result = await doppel([
      '--quiet',
      'generate',
      EXAMPLE,
      '--target',
      '-',
      '--only',
      'public.products',
      '--rows',
      'public.products=25',
    ]);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(25);
    expect(Object.keys(JSON.parse(lines[0]!))).toContain('sku');
  }, 60_000);

  it('ends with a clear message and the right exit code for mistakes', async () => {
    const bad = await doppel(['generate', EXAMPLE, '--target', '-', '--shard', '3/3']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--shard "3/3" is not i/N');
    const missing = await doppel(['generate', join(ROOT, 'no-such-profile'), '--target', '-']);
    expect(missing.code).toBe(4);
    const unknown = await doppel(['generate', EXAMPLE, '--target', '-', '--only', 'nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('only "nope" matches no dataset; the closest: ');
  }, 60_000);
});
