/**
 * The profiler's own per-value cost, without a database: 1M in-memory rows shaped like bench/profile.ts's
 * table go through `profileRows`, once as row objects and once as column batches (the shape a COPY read hands
 * over). Compare with the full-scan time there to see reading vs profiling cost.
 */
import type { Row, Value } from '../src/catalog/values.js';
import { profileRows } from '../src/profile/measure/dataset-profiler.js';
import type { RowBatch } from '../src/sources/contract.js';
import { dataset, field, type } from '../test/unit/profile/memory-session.js';

const ROWS = 1_000_000;
const table = dataset('public.bench', [
  field('id', type('integer', 'bigint')),
  field('email', type('string', 'text')),
  field('name', type('string', 'text')),
  field('created_at', type('timestamptz')),
  field('amount', type('decimal', 'numeric(12,2)')),
  field('status', type('string', 'text')),
  field('country', type('string', 'character(2)')),
  field('age', type('integer')),
  field('phone', type('string', 'text')),
]);

function* rows(): Generator<Row> {
  for (let g = 1; g <= ROWS; g++)
    yield {
      id: g,
      email: `user${g}@example${g % 13}.com`,
      name: `Anna Smith${g % 8}`,
      created_at: new Date(Date.UTC(2020, 0, 1) + ((g * 7919) % 157680000) * 1000).toISOString(),
      amount: Math.exp(3 + ((g * 2654435761) % 1000) / 400).toFixed(2),
      status: ['new', 'paid', 'shipped', 'cancelled'][g % 4]!,
      country: ['US', 'DE', 'FR'][g % 3]!,
      age: 18 + ((g * 37) % 70),
      phone: g % 5 === 0 ? null : `+1 555 ${String((g * 7919) % 10000000).padStart(7, '0')}`,
    };
}

/** The rows as column batches of `size` rows. */
function toBatches(data: readonly Row[], size: number): RowBatch[] {
  const names = table.fields.map((item) => item.name);
  const batches: RowBatch[] = [];
  for (let start = 0; start < data.length; start += size) {
    const slice = data.slice(start, start + size);
    const columns: Record<string, Value[]> = {};
    for (const name of names) columns[name] = slice.map((row) => row[name] ?? null);
    batches.push({ length: slice.length, columns });
  }
  return batches;
}

const data = [...rows()];
let started = performance.now();
await profileRows(table, data, { k: 10, seed: 42, keySets: [['id']] });
console.log(
  `profileRows over ${ROWS} in-memory rows: ${((performance.now() - started) / 1000).toFixed(2)} s`,
);
const batches = toBatches(data, 1000);
data.length = 0;
const stream = {
  method: 'full' as const,
  truncated: () => false,
  batches: () => ({
    async *[Symbol.asyncIterator]() {
      yield* batches;
    },
  }),
  [Symbol.asyncIterator](): AsyncIterator<Row> {
    throw new Error('The benchmark stream is read as batches.');
  },
};
started = performance.now();
await profileRows(table, stream, { k: 10, seed: 42, keySets: [['id']] });
console.log(
  `profileRows over the same rows in column batches: ${((performance.now() - started) / 1000).toFixed(2)} s`,
);
