import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { afterAll, describe, expect, it } from 'vitest';
import type { Row } from '../../../src/catalog/values.js';
import { openFileSink } from '../../../src/generate/output/sinks/open-sink.js';
import type { SinkColumn } from '../../../src/generate/output/sinks/sink.js';

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

const columns: SinkColumn[] = [
  { name: 'id', type: { logical: 'integer', native: 'integer' }, nullable: false },
  { name: 'note', type: { logical: 'string', native: 'text' }, nullable: true },
];

describe('arrow sink batches', () => {
  it('keeps one schema when only some batches hold nulls', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'doppel-arrow-'));
    folders.push(folder);
    const path = join(folder, 'notes.arrow');
    const sink = openFileSink(path, 'arrow', columns);
    const batches: Row[][] = [
      [
        { id: 1, note: 'a' },
        { id: 2, note: 'b' },
      ],
      [
        { id: 3, note: null },
        { id: 4, note: 'd' },
      ],
      [{ id: 5, note: 'e' }],
    ];
    for (const batch of batches) await sink.write(batch);
    await sink.close();
    const table = tableFromIPC(await readFile(path));
    expect(table.numRows).toBe(5);
    expect(table.schema.fields.map((field) => field.name)).toEqual(['id', 'note']);
    expect(table.toArray().map((row) => row.toJSON())).toEqual(batches.flat());
  });

  it('writes a readable empty file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'doppel-arrow-'));
    folders.push(folder);
    const path = join(folder, 'empty.arrow');
    const sink = openFileSink(path, 'arrow', columns);
    await sink.close();
    const table = tableFromIPC(await readFile(path));
    expect(table.numRows).toBe(0);
    expect(table.schema.fields.map((field) => field.name)).toEqual(['id', 'note']);
  });
});
