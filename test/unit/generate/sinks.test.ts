import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, describe, expect, it } from 'vitest';
import type { Row } from '../../../src/catalog/values.js';
import { createGeneration } from '../../../src/generate/engine.js';
import { openFileSink } from '../../../src/generate/output/sinks/open-sink.js';
import type { SinkColumn } from '../../../src/generate/output/sinks/sink.js';
import { writeGeneration } from '../../../src/generate/output/write-files.js';
import { buildShopProfile } from './shop-profile.js';

const folders: string[] = [];
async function makeFolder(): Promise<string> {
  const folder = await mkdtemp(join(tmpdir(), 'doppel-sinks-'));
  folders.push(folder);
  return folder;
}
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

const columns: SinkColumn[] = [
  { name: 'id', type: { logical: 'integer', native: 'bigint', bits: 64 }, nullable: false },
  { name: 'name', type: { logical: 'string', native: 'text' }, nullable: true },
  {
    name: 'amount',
    type: { logical: 'decimal', native: 'numeric(10,2)', precision: 10, scale: 2 },
    nullable: true,
  },
  { name: 'day', type: { logical: 'date', native: 'date' }, nullable: true },
  {
    name: 'tags',
    type: { logical: 'array', native: 'text[]', element: { logical: 'string', native: 'text' } },
    nullable: true,
  },
  { name: 'blob', type: { logical: 'binary', native: 'bytea' }, nullable: true },
];
const rows: Row[] = [
  {
    id: 1,
    name: null,
    amount: '1.50',
    day: '2024-02-29',
    tags: ['a', 'b c'],
    blob: new Uint8Array([1, 255]),
  },
  { id: 9007199254740993n, name: '', amount: null, day: null, tags: [], blob: null },
  {
    id: 3,
    name: 'comma, "quote"\nline',
    amount: '-0.01',
    day: '0001-01-01',
    tags: null,
    blob: new Uint8Array(),
  },
];

async function writeRows(format: 'csv' | 'jsonl' | 'parquet' | 'arrow'): Promise<string> {
  const path = join(await makeFolder(), `t.${format}`);
  const sink = openFileSink(path, format, columns);
  await sink.write(rows);
  await sink.close();
  return path;
}

describe('file sinks', () => {
  it('write CSV with NULL as empty, empty text as "", RFC 4180 quoting and PostgreSQL text forms', async () => {
    const text = await readFile(await writeRows('csv'), 'utf8');
    expect(text).toBe(
      'id,name,amount,day,tags,blob\n' +
        '1,,1.50,2024-02-29,"{a,""b c""}",\\x01ff\n' +
        '9007199254740993,"",,,{},\n' +
        '3,"comma, ""quote""\nline",-0.01,0001-01-01,,\\x\n',
    );
  });

  it('write JSON Lines with exact bigints and base64 binary', async () => {
    const lines = (await readFile(await writeRows('jsonl'), 'utf8')).trim().split('\n');
    expect(lines[1]).toBe('{"id":9007199254740993,"name":"","amount":null,"day":null,"tags":[],"blob":null}');
    expect(JSON.parse(lines[0]!).blob).toBe('Af8=');
  });

  it('write Parquet that reads back with types', async () => {
    const buffer = await readFile(await writeRows('parquet'));
    const objects = await parquetReadObjects({
      file: buffer.buffer.slice(buffer.byteOffset, buffer.byteOffset + buffer.byteLength),
    });
    expect(objects).toHaveLength(3);
    expect(objects[1]!.id).toBe(9007199254740993n);
    expect(objects[0]!.amount).toBe('1.50');
    expect(objects[1]!.name).toBe('');
    expect(objects[0]!.name).toBeNull();
    expect((objects[0]!.day as Date).toISOString()).toBe('2024-02-29T00:00:00.000Z');
  });

  it('write Arrow IPC that reads back with types', async () => {
    const table = tableFromIPC(await readFile(await writeRows('arrow')));
    expect(table.numRows).toBe(3);
    expect(table.getChild('id')!.get(1)).toBe(9007199254740993n);
    expect(table.getChild('name')!.get(0)).toBeNull();
    expect(table.getChild('name')!.get(1)).toBe('');
    expect(String(table.schema.fields.find((field) => field.name === 'day')!.type)).toContain('Date');
  });

  it('leave nothing behind when a run fails or is cancelled', async () => {
    const folder = await makeFolder();
    const controller = new AbortController();
    const generation = createGeneration(buildShopProfile(), { seed: 1, rows: { 'public.orders': 100_000 } });
    const run = writeGeneration(generation, {
      format: 'csv',
      destination: { directory: folder },
      signal: controller.signal,
      onProgress: (progress) => {
        if (progress.dataset === 'public.orders' && progress.rows > 10_000) controller.abort();
      },
    });
    await expect(run).rejects.toThrow();
    const files = await readdir(folder);
    expect(files.filter((file) => file.includes('orders'))).toEqual([]);
    expect(files.filter((file) => file.endsWith('.partial'))).toEqual([]);
    expect(files).toContain('public.customers.csv');
  });
});
