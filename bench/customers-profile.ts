/** The customers-like table the generation and load benchmarks use (one dataset, 10 fields, a unique email). */
import type { DatasetTask, FieldTask, Profile } from '../src/tasks/types.js';

export function customersProfile(rows: number): Profile {
  const text = { logical: 'string', native: 'text' } as const;
  const fields: FieldTask[] = [
    {
      name: 'id',
      type: { logical: 'integer', native: 'bigint' },
      nullable: false,
      generator: { kind: 'sequence', start: 1, step: 1 },
    },
    {
      name: 'email',
      type: { logical: 'string', native: 'character varying(320)', length: 320 },
      nullable: false,
      generator: { kind: 'semantic', semantic: 'email', unique: true },
    },
    {
      name: 'first_name',
      type: text,
      nullable: true,
      generator: { kind: 'semantic', semantic: 'person.first_name' },
    },
    {
      name: 'last_name',
      type: text,
      nullable: true,
      generator: { kind: 'semantic', semantic: 'person.last_name', nulls: 0.05 },
    },
    { name: 'city', type: text, nullable: true, generator: { kind: 'semantic', semantic: 'address.city' } },
    {
      name: 'country',
      type: { logical: 'string', native: 'character(2)', length: 2 },
      nullable: false,
      generator: {
        kind: 'categorical',
        weights: { DE: 0.4, FR: 0.3, US: 0.2 },
        other: { share: 0.1, pattern: '[A-Z]{2}' },
      },
    },
    {
      name: 'status',
      type: { logical: 'enum', native: 'status', labels: ['active', 'blocked', 'pending'] },
      nullable: false,
      generator: { kind: 'categorical', weights: { active: 0.9, blocked: 0.03, pending: 0.07 } },
    },
    {
      name: 'balance',
      type: { logical: 'decimal', native: 'numeric(12,2)', precision: 12, scale: 2 },
      nullable: false,
      generator: {
        kind: 'histogram',
        bins: [
          [0, 100, 0.6],
          [100, 10000, 0.4],
        ],
      },
    },
    {
      name: 'created_at',
      type: { logical: 'timestamptz', native: 'timestamp with time zone' },
      nullable: false,
      generator: { kind: 'histogram', bins: [['2020-01-01T00:00:00Z', '2024-06-01T00:00:00Z', 1]] },
    },
    {
      name: 'marketing',
      type: { logical: 'boolean', native: 'boolean' },
      nullable: false,
      generator: { kind: 'boolean', true_share: 0.3 },
    },
  ];
  const task: DatasetTask = {
    version: 1,
    dataset: { source: 'bench', name: 'customers', local: 'customers', kind: 'table', writable: true, rows },
    sampling: { method: 'full', rows: 1, seed: 1 },
    fields,
    keys: { primary: { fields: ['id'] }, unique: [{ fields: ['email'], via: 'constraint' }] },
    checks: [],
    indexes: [],
    relations: [],
    rules: [],
  };
  return {
    plan: {
      version: 1,
      profile: 'bench',
      taken: { at: '2024-01-01T00:00:00Z', by: 'bench' },
      sampling: { method: 'full', seed: 1 },
      privacy: { k: 10, digits: 3, overrides: [] },
      sources: [{ name: 'bench', kind: 'postgres' }],
      datasets: [{ source: 'bench', name: 'customers', file: 'customers.yaml', enabled: true }],
      relations: [],
    },
    datasets: [task],
  };
}
