/**
 * The golden digest: SHA-256 of every file `doppel generate profiles/demo --format csv --seed 1` writes,
 * pinned. Determinism run against run (cli.test.ts) cannot notice that a change altered the bytes every run
 * produces; this test does. A change that alters generated data on purpose updates the digests below, and its
 * commit message says why the bytes changed. Needs no server.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, runCliForTest } from '../../helpers/run-cli.js';

/** Per file written, its SHA-256. Update deliberately, and say why in the commit message. */
const GOLDEN: Readonly<Record<string, string>> = {
  'public.addresses.csv': 'ff2767756e069d2e2b75f0b2908b9561c0f85842dcfeb2f18720a2accaa39673',
  'public.customers.csv': '77d91dc3318404f12060e6d3d981a8791913541758a5a565a36c95df2294b87e',
  'public.order_items.csv': '5e5204a8d67e94a8dd652ec639fcc2d3d5fded5218e9e572cfc8c6c3a4227d73',
  'public.orders.csv': '0dabcda7b25e16fd5e9976724b31eaa7f1539b5fcb93c9542a9bfded60eacbf1',
  'public.payments.csv': '623ea1abca1302bfe5e212bcca0efb206862f95895304bfab47d5d3324f59f9c',
  'public.products.csv': 'b7a9cb1c3c9ff814dd6edb5f6f734b567a0b5009213541feb8142733d174cd28',
};

const folders: string[] = [];

afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('golden digest of the demo profile', () => {
  it('generate profiles/demo --format csv --seed 1 writes exactly the pinned bytes', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'doppel-golden-'));
    folders.push(folder);
    const target = join(folder, 'out');
    const run = await runCliForTest(
      [
        '--quiet',
        'generate',
        join(REPO_ROOT, 'profiles/demo'),
        '--target',
        target,
        '--format',
        'csv',
        '--seed',
        '1',
      ],
      { DOPPEL_STATE_DIR: join(folder, 'state') },
    );
    expect(run.code, run.stderr).toBe(0);
    const digests: Record<string, string> = {};
    for (const name of (await readdir(target)).sort())
      digests[name] = createHash('sha256')
        .update(await readFile(join(target, name)))
        .digest('hex');
    expect(digests).toEqual(GOLDEN);
  });
});
