/**
 * An in-memory `SourceSession` over a catalog and row arrays: the profiler is source-agnostic, so its unit
 * tests feed it plain data. Sampling reads the first `rows` rows; `sampleChildren` filters by key tuples.
 */
import type { Catalog, Dataset, Field, FieldType, Relation } from '../../../src/catalog/model.js';
import type { Row, Value } from '../../../src/catalog/values.js';
import type { SampleStream, SourceSession } from '../../../src/sources/contract.js';

export function createMemorySession(
  catalog: Catalog,
  tables: Readonly<Record<string, readonly Row[]>>,
): SourceSession & {
  readonly childQueries: number;
} {
  let childQueries = 0;
  return {
    info: catalog.source,
    get childQueries() {
      return childQueries;
    },
    async extract() {
      return catalog;
    },
    sample(dataset, options): SampleStream {
      const rows = tables[dataset.name] ?? [];
      const chosen = options.full ? rows : rows.slice(0, options.rows);
      return {
        method: options.full || chosen.length === rows.length ? 'full' : 'head',
        truncated: () => false,
        async *[Symbol.asyncIterator]() {
          yield* chosen;
        },
      };
    },
    async *sampleChildren(relation: Relation, parentKeys: readonly (readonly Value[])[], options) {
      childQueries++;
      const wanted = new Set(parentKeys.map((tuple) => tuple.map(String).join('\u0000')));
      let count = 0;
      for (const row of tables[relation.from.dataset] ?? []) {
        const key = relation.from.fields.map((name) => String(row[name])).join('\u0000');
        if (!wanted.has(key)) continue;
        yield row;
        if (++count >= options.rows) return;
      }
    },
    async close() {},
  };
}

export function type(
  logical: FieldType['logical'],
  native: string = logical,
  extra: Partial<FieldType> = {},
): FieldType {
  return { logical, native, ...extra };
}

export function field(name: string, fieldType: FieldType, extra: Partial<Field> = {}): Field {
  return { name, position: 1, type: fieldType, nullable: true, ...extra };
}

export function dataset(name: string, fields: readonly Field[], extra: Partial<Dataset> = {}): Dataset {
  return {
    name,
    namespace: 'public',
    local: name.split('.').pop() ?? name,
    kind: 'table',
    writable: true,
    fields: fields.map((item, index) => ({ ...item, position: index + 1 })),
    uniques: [],
    checks: [],
    exclusions: [],
    indexes: [],
    rowEstimate: null,
    ...extra,
  };
}
