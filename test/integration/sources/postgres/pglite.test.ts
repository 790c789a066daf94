import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog } from '../../../../src/catalog/model.js';
import type { Row } from '../../../../src/catalog/values.js';
import { parseAddress } from '../../../../src/shared/address.js';
import { silentLogger } from '../../../../src/shared/log.js';
import { openSource } from '../../../../src/sources/index.js';
import {
  openPostgresSource,
  openPostgresTarget,
  type PgliteServer,
  startPglite,
} from '../../../../src/sources/postgres/index.js';
import { toDatasetTaskForTest } from './catalog-to-tasks.js';
import { readFixture, runSql } from './fixture-database.js';

let server: PgliteServer;

beforeAll(async () => {
  server = await startPglite({ dir: null });
  await runSql(server.url, readFixture('rich-schema'));
});
afterAll(async () => server?.close());

describe('the same extractor, sampler and sink against PGlite', () => {
  it('extracts the rich fixture, samples and loads through the pg code path', async () => {
    const session = await openPostgresSource(server.url, { log: silentLogger, name: 'lite' });
    let catalogForLoad: Catalog;
    try {
      const catalog = await session.extract({});
      const names = catalog.datasets.map((dataset) => dataset.name);
      expect(names).toContain('Odd Schema.Order Items');
      expect(catalog.datasets.find((dataset) => dataset.name === 'shop.events_2024')).toMatchObject({
        kind: 'partition',
        partitionOf: 'shop.events',
      });
      expect(catalog.relations.find((relation) => relation.name === 'order_lines_product_fk')).toMatchObject({
        match: 'full',
        from: { fields: ['sku', 'variant'] },
      });
      expect(catalog.types.map((type) => type.name)).toContain('shop.order_status');
      catalogForLoad = catalog;
    } finally {
      await session.close();
    }
    // PGlite runs one backend: the writer opens after the reader has closed.
    const items = catalogForLoad.datasets.find((dataset) => dataset.name === 'Odd Schema.Order Items');
    if (items === undefined) throw new Error('missing dataset');
    const rows: Row[] = [
      { select: 1, Größe: 'a\tb', 'quote"d': 'so so', MixedCase: true, from: null },
      { select: 2, Größe: null, 'quote"d': null, MixedCase: false, from: 1 },
    ];
    const target = await openPostgresTarget(server.url, { log: silentLogger, name: 'lite' });
    try {
      const stream = (async function* () {
        yield* rows;
      })();
      expect(await target.load(toDatasetTaskForTest(catalogForLoad, items), stream, { mode: 'append' })).toBe(
        2,
      );
    } finally {
      await target.close();
    }
    const reread = await openPostgresSource(server.url, { log: silentLogger, name: 'lite' });
    try {
      const items = (await reread.extract({ include: ['Odd Schema.*'] })).datasets[0];
      if (items === undefined) throw new Error('missing dataset');
      const sampled: Row[] = [];
      for await (const row of reread.sample(items, { rows: 10, seconds: 30, seed: 1, full: false }))
        sampled.push(row);
      expect(sampled).toEqual([
        { select: 1, Größe: 'a\tb', 'quote"d': 'so so', MixedCase: true, from: null },
        { select: 2, Größe: null, 'quote"d': null, MixedCase: false, from: 1 },
      ]);
    } finally {
      await reread.close();
    }
  });

  it('opens pglite: addresses through openSource (in memory)', async () => {
    const session = await openSource(parseAddress('pglite:memory'), { log: silentLogger, name: 'mem' });
    try {
      expect(session.info.kind).toBe('postgres');
      expect((await session.extract({})).datasets).toEqual([]);
    } finally {
      await session.close();
    }
  });
});

describe('a PGlite folder', () => {
  it('refuses a folder holding other files, and keeps a new data directory private', async () => {
    const parent = mkdtempSync(join(tmpdir(), 'doppel-pglite-folder-'));
    try {
      const occupied = join(parent, 'occupied');
      mkdirSync(occupied);
      writeFileSync(join(occupied, 'notes.txt'), 'mine');
      await expect(startPglite({ dir: occupied })).rejects.toMatchObject({ kind: 'usage' });
      expect(readdirSync(occupied)).toEqual(['notes.txt']);

      const fresh = join(parent, 'fresh');
      const lite = await startPglite({ dir: fresh });
      await lite.close();
      expect(statSync(fresh).mode & 0o077).toBe(0);
      const writableByOthers = readdirSync(fresh, { recursive: true, withFileTypes: true }).filter(
        (entry) =>
          !entry.isSymbolicLink() && (statSync(join(entry.parentPath, entry.name)).mode & 0o002) !== 0,
      );
      expect(writableByOthers.map((entry) => entry.name)).toEqual([]);
      // A data directory opens again.
      await (await startPglite({ dir: fresh })).close();
    } finally {
      rmSync(parent, { recursive: true, force: true });
    }
  }, 60_000);
});
