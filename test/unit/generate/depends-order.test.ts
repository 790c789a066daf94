import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/catalog/values.js';
import { createGeneration } from '../../../src/generate/engine.js';
import { type DependsRule, orderDependsRules } from '../../../src/generate/rows/depends-order.js';
import type { DatasetTask, FieldTask, TypeTask } from '../../../src/tasks/types.js';
import { profileOf } from './shop-profile.js';

const depends = (from: string, to: string): DependsRule => ({
  kind: 'depends',
  fields: [from],
  determines: to,
});

// The rules the profiler finds on an orders table's shipping fields, in its order.
const SHIPPING: DependsRule[] = [
  depends('ship_name', 'ship_address'),
  depends('ship_name', 'ship_city'),
  depends('ship_name', 'ship_postal_code'),
  depends('ship_name', 'ship_country'),
  depends('ship_address', 'ship_city'),
  depends('ship_address', 'ship_postal_code'),
  depends('ship_address', 'ship_country'),
  depends('ship_city', 'ship_country'),
  depends('ship_postal_code', 'ship_city'),
  depends('ship_postal_code', 'ship_country'),
];

const text: TypeTask = { logical: 'string', native: 'text' };
const field = (name: string, generator: FieldTask['generator']): FieldTask => ({
  name,
  type: text,
  nullable: false,
  generator,
});
const categorical = (values: string[]): FieldTask['generator'] => ({
  kind: 'categorical',
  weights: Object.fromEntries(values.map((value, index) => [value, index + 1])),
});

function ordersWith(rules: DependsRule[]): DatasetTask {
  return {
    version: 1,
    dataset: {
      source: 'shop',
      name: 'public.orders',
      namespace: 'public',
      local: 'orders',
      kind: 'table',
      writable: true,
      rows: 3000,
    },
    sampling: { method: 'full', rows: 3000, seed: 1 },
    fields: [
      field('ship_name', categorical(Array.from({ length: 40 }, (_, index) => `Company ${index}`))),
      field('ship_address', { kind: 'semantic', semantic: 'address.street' }),
      field('ship_city', categorical(['Lisboa', 'Porto', 'Madrid', 'Paris', 'Lyon', 'Berlin'])),
      field('ship_postal_code', { kind: 'semantic', semantic: 'address.postal_code' }),
      field('ship_country', categorical(['PT', 'ES', 'FR', 'DE'])),
    ],
    keys: { unique: [] },
    checks: [],
    indexes: [],
    relations: [],
    rules,
  };
}

/** Rows whose determinant value maps to more than one dependent value, per rule. */
function countConflicts(rows: readonly Row[], rules: readonly DependsRule[]): Record<string, number> {
  const conflicts: Record<string, number> = {};
  for (const rule of rules) {
    const seen = new Map<string, Set<string>>();
    for (const row of rows) {
      const key = rule.fields.map((name) => String(row[name])).join('\u0000');
      seen.set(key, (seen.get(key) ?? new Set()).add(String(row[rule.determines])));
    }
    conflicts[`${rule.fields.join(',')} -> ${rule.determines}`] = rows.filter(
      (row) => seen.get(rule.fields.map((name) => String(row[name])).join('\u0000'))!.size > 1,
    ).length;
  }
  return conflicts;
}

describe('orderDependsRules', () => {
  it('sets each dependent once, from the determinant the others determine, determinants first', () => {
    const ordered = orderDependsRules(SHIPPING).map((rule) => `${rule.fields[0]} -> ${rule.determines}`);
    expect(ordered).toEqual([
      'ship_name -> ship_address',
      'ship_address -> ship_postal_code',
      'ship_postal_code -> ship_city',
      'ship_city -> ship_country',
    ]);
  });

  it('runs a rule after the rule that sets its determinant, whatever their order in the file', () => {
    const ordered = orderDependsRules([depends('b', 'c'), depends('a', 'b')]);
    expect(ordered.map((rule) => rule.determines)).toEqual(['b', 'c']);
  });

  it('drops one rule of a cycle', () => {
    const ordered = orderDependsRules([depends('a', 'b'), depends('b', 'a'), depends('b', 'c')]);
    expect(ordered.map((rule) => `${rule.fields[0]} -> ${rule.determines}`)).toEqual(['a -> b', 'b -> c']);
  });

  it('keeps every rule of a field several rules determine in generated rows, row by row and by columns', async () => {
    const generation = createGeneration(profileOf([ordersWith(SHIPPING)]), { seed: 5 });
    const rows: Row[] = [];
    for await (const batch of generation.batches('public.orders')) rows.push(...batch);
    expect(rows).toHaveLength(3000);
    const none = Object.fromEntries(SHIPPING.map((rule) => [`${rule.fields[0]} -> ${rule.determines}`, 0]));
    expect(countConflicts(rows, SHIPPING)).toEqual(none);
    const fromColumns: Row[] = [];
    for await (const batch of generation.columnBatches('public.orders'))
      for (let offset = 0; offset < batch.length; offset++)
        fromColumns.push(
          Object.fromEntries(batch.fields.map((name, at) => [name, batch.columns[at]![offset]!])),
        );
    expect(fromColumns).toEqual(rows);
  });
});
