/** Warnings read from the task files: nulls, constants, unconstrained keys, undeclared references, patterns. */
import { beforeAll, describe, expect, it } from 'vitest';
import { listWarnings } from '../../../src/report/warnings.js';
import { loadProfile } from '../../../src/tasks/index.js';
import type { DatasetTask, FieldTask, Profile } from '../../../src/tasks/types.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

let demo: Profile;

beforeAll(async () => {
  demo = await loadProfile(`${REPO_ROOT}profiles/demo`);
});

describe('listWarnings', () => {
  it('finds the demo’s undeclared reference and loosely fitting patterns', () => {
    const warnings = listWarnings(demo);
    expect(warnings).toContainEqual(
      expect.objectContaining({
        kind: 'undeclared-reference',
        dataset: 'public.orders',
        field: 'address_id',
      }),
    );
    expect(warnings).toContainEqual(
      expect.objectContaining({ kind: 'low-pattern-coverage', dataset: 'public.addresses', field: 'city' }),
    );
    expect(
      warnings.filter((warning) => warning.kind === 'possible-key').map((warning) => warning.field),
    ).not.toContain('created_at');
  });

  it('flags mostly-null, constant and unconstrained unique fields, and samples cut short', () => {
    const customers = demo.datasets.find((task) => task.dataset.name === 'public.customers')!;
    const byName = (name: string) => customers.fields.find((field) => field.name === name)!;
    const phone = byName('phone');
    const tier = byName('loyalty_tier');
    const email = byName('email');
    const fields: FieldTask[] = [
      { ...phone, stats: { ...phone.stats!, nulls: 0.8 } },
      { ...tier, generator: { kind: 'constant', value: 'gold' } },
      { ...email, key: [] },
    ];
    const task: DatasetTask = {
      ...customers,
      sampling: { ...customers.sampling, truncated: true },
      fields,
      keys: { unique: [] },
      indexes: [],
      relations: [],
    };
    const kinds = listWarnings({ ...demo, datasets: [task] }).map((warning) => [warning.kind, warning.field]);
    expect(kinds).toEqual([
      ['truncated-sample', undefined],
      ['high-nulls', 'phone'],
      ['constant', 'loyalty_tier'],
      ['possible-key', 'email'],
    ]);
  });
});
