import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createGeneration } from '../../../src/generate/engine.js';
import {
  chooseThreads,
  encodeInParallel,
  startEncodePool,
} from '../../../src/generate/output/parallel-text.js';
import { createRangeEncoder, type RangeEncoder } from '../../../src/generate/output/range-encoder.js';
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
  it('starts workers from source, and a worker and this thread together write the one-thread bytes', async () => {
    const generation = createGeneration(buildShopProfile(), { seed: 1, rows: { 'public.orders': 200_000 } });
    const columns = describeColumns(generation, 'public.orders');
    const pool = startEncodePool(generation, 'public.orders', 'csv', columns, 1);
    expect(pool).toBeDefined();
    try {
      expect(await Promise.all(pool!.ready)).toEqual([true]);
      const encode = createRangeEncoder(generation, 'public.orders', 'csv', columns);
      // This thread slowed down, so that the worker takes ranges too.
      let here = 0;
      const slow: RangeEncoder = async (start, end) => {
        here += 1;
        await new Promise((resolve) => setTimeout(resolve, 100));
        return encode(start, end);
      };
      const pieces: Uint8Array[] = [];
      let rows = 0;
      for await (const piece of encodeInParallel(pool, { start: 0, end: 200_000 }, slow)) {
        pieces.push(piece.bytes);
        rows += piece.rows;
      }
      expect(rows).toBe(200_000);
      const ranges = Math.ceil(200_000 / 32_768);
      expect(here).toBeGreaterThan(0);
      expect(here).toBeLessThan(ranges);
      expect(Buffer.concat(pieces).equals(await encode(0, 200_000))).toBe(true);
    } finally {
      await pool?.close();
    }
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

  it('uses two threads by default for large text outputs only, and what it is told', () => {
    const two = availableParallelism() >= 2 ? 2 : 0;
    expect(chooseThreads(10_000_000, 'csv')).toBe(two);
    expect(chooseThreads(200_000, 'jsonl')).toBe(two);
    expect(chooseThreads(199_999, 'csv')).toBe(0);
    expect(chooseThreads(100_000, 'jsonl', 2)).toBe(2);
    expect(chooseThreads(10, 'csv', 2)).toBe(0);
    expect(chooseThreads(10_000_000, 'parquet', 4)).toBe(0);
    expect(chooseThreads(10_000_000, 'csv', 1)).toBe(0);
    expect(chooseThreads(1_000_000, 'csv', 0)).toBe(0);
    expect(() => chooseThreads(100_000, 'csv', -1)).toThrow(/thread count/);
  });
});
