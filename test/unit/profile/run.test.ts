import { describe, expect, it } from 'vitest';
import { profileSource } from '../../../src/profile/run.js';
import { summarizeProfile } from '../../../src/profile/summary.js';
import { keepEditedRecipes } from '../../../src/profile/write/edited.js';
import type { Profile } from '../../../src/tasks/types.js';
import { buildShop } from './fixture-shop.js';
import { createMemorySession } from './memory-session.js';

const fixedNow = () => new Date('2025-01-01T00:00:00Z');

async function profileShop(extra: Partial<Parameters<typeof profileSource>[1]> = {}): Promise<Profile> {
  const { catalog, tables } = buildShop();
  return profileSource(createMemorySession(catalog, tables), { profile: 'shop', now: fixedNow, ...extra });
}

describe('profileSource', () => {
  it('profiles every dataset into task files with recipes, relations and a plan', async () => {
    const events: string[] = [];
    const profile = await profileShop({ onProgress: (event) => events.push(event.kind) });
    expect(profile.plan.datasets.map((entry) => entry.name)).toEqual([
      'public.customers',
      'public.stores',
      'public.orders',
    ]);
    expect(profile.plan.sources).toEqual([{ name: 'shop', kind: 'postgres' }]);
    const orders = profile.datasets.find((task) => task.dataset.name === 'public.orders')!;
    const byName = new Map(orders.fields.map((field) => [field.name, field]));
    expect(byName.get('id')?.generator.kind).toBe('sequence');
    expect(byName.get('customer_id')?.generator).toMatchObject({
      kind: 'reference',
      dataset: 'public.customers',
      field: 'id',
    });
    expect(byName.get('store_id')?.generator).toMatchObject({
      kind: 'reference',
      dataset: 'public.stores',
      field: 'id',
    });
    expect(byName.get('total')?.generator.kind).toBe('histogram');
    expect(byName.get('coupon')?.generator.kind).toBe('null');
    const declared = orders.relations.find((relation) => relation.declared);
    expect(declared?.cardinality?.max).toBe(3);
    const inferred = orders.relations.find((relation) => !relation.declared);
    expect(inferred?.to).toEqual({ dataset: 'public.stores', fields: ['id'] });
    expect(events).toContain('relations');
    const customers = profile.datasets.find((task) => task.dataset.name === 'public.customers')!;
    expect(customers.fields.find((field) => field.name === 'email')?.semantic?.personal).toBe(true);
    const summary = summarizeProfile(profile);
    expect(summary.relations).toEqual({ declared: 1, inferred: 1 });
  });

  it('is deterministic for the same seed', async () => {
    expect(JSON.stringify(await profileShop())).toBe(JSON.stringify(await profileShop()));
  });

  it('stops when the signal is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(profileShop({ signal: controller.signal })).rejects.toThrow(/cancel/i);
  });

  it('keeps recipes marked edited when re-profiling', async () => {
    const first = await profileShop();
    const edited: Profile = {
      ...first,
      datasets: first.datasets.map((task) =>
        task.dataset.name !== 'public.orders'
          ? task
          : {
              ...task,
              fields: task.fields.map((field) =>
                field.name === 'total'
                  ? { ...field, generator: { kind: 'constant', value: 5, edited: true } }
                  : field,
              ),
            },
      ),
    };
    const merged = keepEditedRecipes(await profileShop(), edited);
    const total = merged.datasets
      .find((task) => task.dataset.name === 'public.orders')
      ?.fields.find((field) => field.name === 'total');
    expect(total?.generator).toEqual({ kind: 'constant', value: 5, edited: true });
    expect(total?.stats?.count).toBeGreaterThan(0);
  });
});
