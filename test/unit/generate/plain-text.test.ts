import { describe, expect, it } from 'vitest';
import { SEMANTIC_TYPES, type SemanticType } from '../../../src/catalog/semantic-types.js';
import type { Value } from '../../../src/catalog/values.js';
import { listPlainTextFields } from '../../../src/generate/output/plain-text.js';
import { createPools } from '../../../src/generate/values/semantic/pools.js';
import { SEMANTIC_GENERATORS } from '../../../src/generate/values/semantic/semantic-generators.js';
import { createRandom } from '../../../src/shared/random.js';
import type { DatasetTask, FieldTask } from '../../../src/tasks/types.js';
import { buildShopProfile } from './shop-profile.js';

const text = { logical: 'string', native: 'text' } as const;

function taskWith(fields: FieldTask[], extra: Partial<DatasetTask> = {}): DatasetTask {
  const base = buildShopProfile().datasets[0]!;
  return { ...base, fields, checks: [], rules: [], relations: [], ...extra };
}

function isPlain(value: Value): boolean {
  return typeof value !== 'string' || (value !== '' && value !== '\\.' && !/[",\r\n]/.test(value));
}

describe('plain text fields', () => {
  it('are exactly the semantic types whose values never need CSV quotes', () => {
    const pools = createPools(9);
    const fields: FieldTask[] = (Object.keys(SEMANTIC_TYPES) as SemanticType[]).map((semantic) => ({
      name: semantic,
      type: text,
      nullable: false,
      generator: { kind: 'semantic', semantic },
    }));
    const plain = listPlainTextFields(taskWith(fields), new Set(), false);
    expect(plain.has('email') && plain.has('uuid')).toBe(true);
    expect(plain.has('company') || plain.has('free_text') || plain.has('json')).toBe(false);
    for (const semantic of plain) {
      const generate = SEMANTIC_GENERATORS[semantic as SemanticType]({ pools });
      for (let index = 0; index < 3000; index++) {
        for (const unique of [false, true]) {
          const value = generate(createRandom(17, index), index, unique);
          expect(isPlain(value), `${semantic}: ${String(value)}`).toBe(true);
        }
      }
    }
  });

  it('leave out references, checked fields, free text and everything when edge values are on', () => {
    const fields: FieldTask[] = [
      {
        name: 'id',
        type: { logical: 'integer', native: 'bigint', bits: 64 },
        nullable: false,
        generator: { kind: 'sequence', start: 1, step: 1 },
      },
      {
        name: 'parent',
        type: { logical: 'integer', native: 'bigint', bits: 64 },
        nullable: true,
        generator: { kind: 'reference', dataset: 'public.customers', field: 'id' },
      },
      { name: 'note', type: text, nullable: true, generator: { kind: 'text', length: { p50: 20 } } },
      {
        name: 'tag',
        type: text,
        nullable: true,
        generator: { kind: 'categorical', weights: { a: 1, 'b,c': 1 } },
      },
      {
        name: 'code',
        type: text,
        nullable: true,
        generator: { kind: 'categorical', weights: { a: 1, b: 1 } },
      },
      {
        name: 'total',
        type: { logical: 'decimal', native: 'numeric' },
        nullable: false,
        generator: { kind: 'histogram', bins: [[0, 1, 1]] },
      },
    ];
    const task = taskWith(fields, {
      checks: [
        { name: 'positive', expression: 'total > 0', parsed: { kind: 'range', field: 'total', min: 0 } },
      ],
    } as Partial<DatasetTask>);
    expect([...listPlainTextFields(task, new Set(['parent']), false)].sort()).toEqual(['code', 'id']);
    expect(listPlainTextFields(task, new Set(['parent']), true).size).toBe(0);
  });
});
