import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGeneration } from '../../../src/generate/engine.js';
import { chooseThreads, startEncodePool } from '../../../src/generate/output/parallel-text.js';
import { describeColumns, writeGeneration } from '../../../src/generate/output/write-files.js';
import { buildShopProfile } from './shop-profile.js';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function writeFolder(format: 'csv' | 'jsonl', threads: number): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'doppel-parallel-'));
  folders.push(folder);
  const generation = createGeneration(buildShopProfile(), {
    seed: 11,
    rows: { 'public.orders': 40_000, 'public.customers': 9_000 },
    edgeCases: 0.05,
  });
  await writeGeneration(generation, { format, destination: { directory: folder }, threads });
  return folder;
}

describe('parallel text output', () => {
  it('starts workers from source', async () => {
    const generation = createGeneration(buildShopProfile(), { seed: 1 });
    const pool = await startEncodePool(
      generation,
      'public.orders',
      'csv',
      describeColumns(generation, 'public.orders'),
      2,
    );
    expect(pool).toBeDefined();
    await pool?.close();
  }, 60_000);

  it.each(['csv', 'jsonl'] as const)(
    'writes the same %s bytes as one thread',
    async (format) => {
      const one = await writeFolder(format, 0);
      const two = await writeFolder(format, 2);
      for (const name of ['public.orders', 'public.customers', 'public.order_items']) {
        const expected = await readFile(join(one, `${name}.${format}`));
        expect(expected.length).toBeGreaterThan(0);
        expect((await readFile(join(two, `${name}.${format}`))).equals(expected), name).toBe(true);
      }
    },
    120_000,
  );

  it('uses workers only when asked, and never for small or binary outputs', () => {
    expect(chooseThreads(10_000_000, 'csv')).toBe(0);
    expect(chooseThreads(100_000, 'jsonl', 2)).toBe(2);
    expect(chooseThreads(10, 'csv', 2)).toBe(0);
    expect(chooseThreads(10_000_000, 'parquet', 4)).toBe(0);
    expect(chooseThreads(10_000_000, 'csv', 1)).toBe(0);
    // A caller's default (database loads use two workers for large datasets) yields to an explicit count.
    expect(chooseThreads(1_000_000, 'csv', undefined, 2)).toBe(2);
    expect(chooseThreads(1_000_000, 'csv', 0, 2)).toBe(0);
    expect(chooseThreads(10_000, 'csv', undefined, 2)).toBe(0);
    expect(() => chooseThreads(100_000, 'csv', -1)).toThrow(/thread count/);
  });
});
