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
  'public.addresses.csv': '4098843243e4b74bed31f4f759a2f3cadaf9483258ed919d9cf6a8facfc7b29b',
  'public.customers.csv': 'e8d55daaacfe551b48785b3537dc8475661ec5660af907fc60f0a4f346323d6a',
  'public.order_items.csv': 'f761e53c6c3be599b4431dcb70df1b7bff8291e0448ac58605a9264dee763770',
  'public.orders.csv': 'bd31365ea628b521dc797451d53ee1a59a4af6c73fc5e5f14c7ae01a422778d6',
  'public.payments.csv': '21949daa60918ea666b2314a594989086b244b42d72f73c3ce2b887defd8f722',
  'public.products.csv': '45620b5ab0e55f8f114e45d55395298d3ec5b63be91b8051affb7e98e354f6dd',
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
