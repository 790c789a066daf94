import { describe, expect, it } from 'vitest';
import { markLookupTables } from '../../../src/profile/write/lookup-tables.js';
import type { DatasetTask, FieldTask, RelationTask } from '../../../src/tasks/types.js';

function field(name: string, logical: string, extra: Partial<FieldTask> = {}): FieldTask {
  return {
    name,
    type: { logical: logical as FieldTask['type']['logical'], native: logical },
    nullable: false,
    generator: { kind: 'null' },
    stats: { count: 6, nulls: 0, distinct: 6 },
    ...extra,
  };
}

function table(name: string, rows: number, fields: FieldTask[], relations: RelationTask[] = []): DatasetTask {
  return {
    version: 1,
    dataset: { source: 's', name, local: name, kind: 'table', writable: true, rows },
    sampling: { method: 'full', rows, seed: 1 },
    fields,
    keys: { unique: [] },
    checks: [],
    indexes: [],
    relations,
    rules: [],
  };
}

const id = field('id', 'integer', { key: ['primary'] });
const reference = (to: string): RelationTask => ({
  from: { dataset: 'tickets', fields: [`${to}_id`] },
  to: { dataset: to, fields: ['id'] },
  declared: true,
});

function lookups(tasks: DatasetTask[]): string[] {
  return markLookupTables(tasks)
    .filter((task) => task.dataset.lookup === true)
    .map((task) => task.dataset.name);
}

describe('lookup table classification', () => {
  it('marks a small referenced table of unique labels, and not the table referencing it', () => {
    const languages = table('languages', 6, [id, field('name', 'string')]);
    const tickets = table('tickets', 300, [id, field('opened_at', 'timestamp')], [reference('languages')]);
    expect(lookups([languages, tickets])).toEqual(['languages']);
  });

  it('leaves unreferenced, large, personal, dated or label-less tables alone', () => {
    const tickets = (to: string) => table('tickets', 300, [id], [reference(to)]);
    const name = field('name', 'string');
    const cases = [
      [table('languages', 6, [id, name])],
      [table('big', 5000, [id, name]), tickets('big')],
      [
        table('people', 6, [
          id,
          field('name', 'string', { semantic: { type: 'person.full_name', personal: true, confidence: 1 } }),
        ]),
        tickets('people'),
      ],
      [table('events', 6, [id, name, field('at', 'date')]), tickets('events')],
      [
        table('sizes', 6, [id, field('name', 'string', { stats: { count: 6, nulls: 0, distinct: 3 } })]),
        tickets('sizes'),
      ],
    ];
    for (const tasks of cases) expect(lookups(tasks)).toEqual([]);
  });

  it('lets a lookup table carry one audit stamp over every row (pagila: last_update on every table)', () => {
    const stamp = field('last_update', 'timestamp', { stats: { count: 6, nulls: 0, distinct: 1 } });
    const languages = table('languages', 6, [id, field('name', 'string'), stamp]);
    expect(lookups([languages, table('tickets', 300, [id], [reference('languages')])])).toEqual([
      'languages',
    ]);
  });
});
