import { describe, expect, it } from 'vitest';
import { createGeneration } from '../../../src/generate/engine.js';
import type { DatasetTask } from '../../../src/tasks/types.js';
import { profileOf } from './shop-profile.js';

const ROWS = 200_000;

const accounts: DatasetTask = {
  version: 1,
  dataset: { source: 'bank', name: 'accounts', local: 'accounts', kind: 'table', writable: true, rows: ROWS },
  sampling: { method: 'full', rows: 10, seed: 1 },
  fields: [
    {
      name: 'number',
      type: { logical: 'integer', native: 'integer' },
      nullable: false,
      generator: { kind: 'histogram', bins: [[1000, 5000, 1]], integer: true },
    },
    {
      name: 'email',
      type: { logical: 'string', native: 'text' },
      nullable: false,
      generator: { kind: 'semantic', semantic: 'email', unique: true },
    },
    {
      name: 'token',
      type: { logical: 'uuid', native: 'uuid' },
      nullable: false,
      generator: { kind: 'uuid' },
    },
  ],
  keys: {
    primary: { fields: ['number'] },
    unique: [
      { fields: ['email'], via: 'constraint' },
      { fields: ['token'], via: 'index' },
    ],
  },
  checks: [],
  indexes: [],
  relations: [],
  rules: [],
};

const profile = profileOf([accounts]);

describe('unique keys at scale', () => {
  it('never repeat over 200,000 rows, fifty times the profiled range', async () => {
    const numbers = new Set<number>();
    const emails = new Set<string>();
    const tokens = new Set<string>();
    let rows = 0;
    for await (const batch of createGeneration(profile, { seed: 11 }).batches('accounts')) {
      for (const row of batch) {
        numbers.add(row.number as number);
        emails.add(row.email as string);
        tokens.add(row.token as string);
      }
      rows += batch.length;
    }
    expect(rows).toBe(ROWS);
    expect(numbers.size).toBe(ROWS);
    expect(emails.size).toBe(ROWS);
    expect(tokens.size).toBe(ROWS);
  }, 120_000);
});
