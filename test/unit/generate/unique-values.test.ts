import { describe, expect, it } from 'vitest';
import { compileFieldValue } from '../../../src/generate/values/recipes.js';
import { createPoolRegistry } from '../../../src/generate/values/semantic/pools.js';
import type { BuildContext } from '../../../src/generate/values/value-generator.js';
import { StreamRandom } from '../../../src/shared/random.js';
import type { FieldTask } from '../../../src/tasks/types.js';

function generate(field: FieldTask, rows: number): unknown[] {
  const context: BuildContext = { seed: 1, key: 13, rows, pools: createPoolRegistry(1), where: 't.code' };
  const value = compileFieldValue(field, context, true);
  const random = new StreamRandom();
  return Array.from({ length: rows }, (_, index) => value(random.reset(9, index), index));
}

const hex = (value: unknown) => Buffer.from(value as Uint8Array).toString('hex');

describe('unique binary values', () => {
  it('gives a unique binary(4) field with a text recipe a distinct value of four bytes per row', () => {
    // MariaDB's binary(4) profiled unique: a text recipe of length 4 whose words repeat (308 distinct of 3,000).
    const field: FieldTask = {
      name: 'code',
      type: { logical: 'binary', native: 'binary(4)', length: 4, fixed_length: true },
      nullable: false,
      generator: { kind: 'text', length: { min: 4, p5: 4, p50: 4, p95: 4, max: 4 }, unique: true },
    };
    const values = generate(field, 3000);
    expect(values.every((value) => value instanceof Uint8Array && value.length === 4)).toBe(true);
    expect(new Set(values.map(hex)).size).toBe(3000);
  });

  it('ends variable-length bytes in the row index, within the type length', () => {
    const field: FieldTask = {
      name: 'token',
      type: { logical: 'binary', native: 'varbinary(3)', length: 3 },
      nullable: false,
      generator: { kind: 'pattern', pattern: '[a-z]{1,8}', length: { min: 1, p50: 4, max: 8 }, unique: true },
    };
    const values = generate(field, 70_000);
    expect(values.every((value) => value instanceof Uint8Array && value.length === 3)).toBe(true);
    expect(new Set(values.map(hex)).size).toBe(70_000);
  });
});
