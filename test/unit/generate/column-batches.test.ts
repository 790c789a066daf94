import { describe, expect, it } from 'vitest';
import type { Row, Value } from '../../../src/catalog/values.js';
import { createGeneration, type GenerationOptions } from '../../../src/generate/engine.js';
import { createCsvSink } from '../../../src/generate/output/sinks/csv-sink.js';
import type { ByteOutput, SinkColumn } from '../../../src/generate/output/sinks/sink.js';
import { describeColumns } from '../../../src/generate/output/write-files.js';
import { buildShopProfile } from './shop-profile.js';

function serialize(value: unknown): string {
  return JSON.stringify(value, (_key, part: unknown) =>
    typeof part === 'bigint' ? `${part}n` : part instanceof Uint8Array ? [...part] : part,
  );
}

/** A byte output that keeps what it was given, as text. */
function collectOutput(): ByteOutput & { text(): string } {
  const chunks: string[] = [];
  return {
    async write(chunk) {
      chunks.push(typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
    },
    async commit() {},
    async discard() {},
    text: () => chunks.join(''),
  };
}

const DATASETS = ['public.customers', 'public.orders', 'public.order_items', 'public.employees'];
const RUNS: GenerationOptions[] = [
  { seed: 42, batchSize: 97 },
  { seed: 7, batchSize: 64, edgeCases: 0.3 },
];

describe('column batches', () => {
  it('hold exactly the rows rowAt computes, with references, rules, repairs and edge values', async () => {
    for (const options of RUNS) {
      const generation = createGeneration(buildShopProfile(), options);
      for (const name of DATASETS) {
        const dataset = generation.dataset(name);
        const fromColumns: Row[] = [];
        for await (const batch of generation.columnBatches(name)) {
          for (let offset = 0; offset < batch.length; offset++) {
            const row: Record<string, Value> = {};
            batch.fields.forEach((field, position) => {
              row[field] = batch.columns[position]![offset]!;
            });
            fromColumns.push(row);
          }
        }
        const first = generation.plan.datasets.find((planned) => planned.name === name)!.start;
        const fromRows = fromColumns.map((_row, offset) => dataset.rowAt(first + offset));
        expect(fromColumns.length).toBeGreaterThan(0);
        expect(serialize(fromColumns), name).toBe(serialize(fromRows));
      }
    }
  });

  it('encode to the same CSV bytes as the row path', async () => {
    for (const options of RUNS) {
      const generation = createGeneration(buildShopProfile(), options);
      for (const name of DATASETS) {
        const columns = describeColumns(generation, name);
        const byColumns = collectOutput();
        const byRows = collectOutput();
        const columnSink = createCsvSink(byColumns, columns);
        const rowSink = createCsvSink(byRows, columns);
        for await (const batch of generation.columnBatches(name)) await columnSink.writeColumns!(batch);
        for await (const batch of generation.batches(name)) await rowSink.write(batch);
        await columnSink.close();
        await rowSink.close();
        expect(byColumns.text(), name).toBe(byRows.text());
      }
    }
  });

  it('quote only the cells that need it, keep null and empty apart', async () => {
    const columns: SinkColumn[] = [
      { name: 'id', type: { logical: 'integer', native: 'bigint', bits: 64 }, nullable: false },
      { name: 'note', type: { logical: 'string', native: 'text' }, nullable: true },
    ];
    const output = collectOutput();
    const sink = createCsvSink(output, columns);
    const notes: Value[] = ['plain', 'a,b', null, '', 'say "hi"', 'two\nlines', '\\.'];
    await sink.writeColumns!({
      fields: ['id', 'note'],
      columns: [notes.map((_note, index) => index), notes],
      length: notes.length,
      start: 0,
    });
    await sink.writeColumns!({ fields: ['id', 'note'], columns: [[7], ['clean']], length: 1, start: 7 });
    await sink.close();
    expect(output.text()).toBe(
      'id,note\n0,plain\n1,"a,b"\n2,\n3,""\n4,"say ""hi"""\n5,"two\nlines"\n6,"\\."\n7,clean\n',
    );
  });
});
