/** Hard checks listed from a stored profile, judged from a re-profile; `--bounds` parsing. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveProfileName } from '../../../src/api/profiles-root.js';
import { loadProfile } from '../../../src/tasks/index.js';
import type { Profile } from '../../../src/tasks/types.js';
import { judgeFromProfile, listHardChecks } from '../../../src/validate/hard-checks.js';
import { parseBounds } from '../../../src/validate/run-validation.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

const EXAMPLE = join(REPO_ROOT, 'test/fixtures/profiles/example');

describe('listHardChecks', () => {
  it("lists keys, required fields, declared references, checks and rules of the profile's tables", async () => {
    const profile = await loadProfile(EXAMPLE);
    const listed = listHardChecks(profile);
    const orders = listed.filter((entry) => entry.check.dataset.name === 'public.orders');
    const subjects = orders.map((entry) => `${entry.check.kind} ${entry.subject}`);
    expect(subjects).toContain('primary-key primary key (id, created_at)');
    expect(subjects).toContain('check orders_total_check');
    expect(subjects).toContain('ordered created_at <= shipped_at');
    expect(subjects).toContain('depends customer_id determines shipping_region');
    expect(subjects).toContain("expression status <> 'shipped' OR shipped_at IS NOT NULL");
    for (const task of profile.datasets.filter((candidate) => !candidate.dataset.writable))
      expect(listed.some((entry) => entry.check.dataset.name === task.dataset.name)).toBe(false);
    const required = profile.datasets
      .filter(
        (task) =>
          task.dataset.writable &&
          profile.plan.datasets.some((entry) => entry.enabled && entry.name === task.dataset.name),
      )
      .flatMap((task) => task.fields.filter((field) => !field.nullable && field.generated === undefined));
    expect(listed.filter((entry) => entry.check.kind === 'not-null')).toHaveLength(required.length);
  });

  it('lists an after-parent rule as a check through its relation', async () => {
    const listed = listHardChecks(await loadProfile(join(REPO_ROOT, 'profiles/demo')));
    const payments = listed.find(
      (entry) => entry.check.kind === 'after-parent' && entry.check.dataset.name === 'public.payments',
    );
    expect(payments?.subject).toBe('paid_at > public.orders.created_at');
    expect(payments?.check).toMatchObject({
      fields: ['order_id'],
      parent: { name: 'public.orders', namespace: 'public', local: 'orders' },
      parentFields: ['id'],
      field: 'paid_at',
      parentField: 'created_at',
      strict: true,
    });
  });

  it('judges required fields from the re-profile and leaves rules unchecked', async () => {
    const profile = await loadProfile(EXAMPLE);
    const listed = listHardChecks(profile);
    const task = profile.datasets.find((candidate) => candidate.dataset.name === 'public.orders');
    if (task === undefined) throw new Error('the example profile has public.orders');
    const field = task.fields.find((candidate) => !candidate.nullable && candidate.stats !== undefined);
    if (field?.stats === undefined) throw new Error('public.orders has a required field with stats');
    const nulled = { ...field, stats: { ...field.stats, count: 90, nulls: 0.1 } };
    const actual: Profile = {
      ...profile,
      datasets: profile.datasets.map((candidate) =>
        candidate === task
          ? { ...task, fields: task.fields.map((entry) => (entry === field ? nulled : entry)) }
          : candidate,
      ),
    };
    const results = judgeFromProfile(listed, actual);
    const notNull = results.find(
      (result) =>
        result.dataset === 'public.orders' && result.kind === 'not-null' && result.subject === field.name,
    );
    expect(notNull).toMatchObject({ basis: 'profile', violations: 10, ok: false });
    const rule = results.find((result) => result.kind === 'ordered' && result.dataset === 'public.orders');
    expect(rule).toMatchObject({ basis: 'unchecked', violations: null, ok: true });
  });

  it('leaves a one-field key of fewer than k values unchecked: the profiler gives no verdict on it', async () => {
    const profile = await loadProfile(EXAMPLE);
    const listed = listHardChecks(profile).filter(
      ({ check }) => check.kind === 'primary-key' && check.fields.length === 1,
    );
    const { dataset, fields } = listed[0]!.check as { dataset: { name: string }; fields: readonly string[] };
    const judge = (count: number, distinct: number) => {
      const actual: Profile = {
        ...profile,
        datasets: profile.datasets.map((task) =>
          task.dataset.name !== dataset.name
            ? task
            : {
                ...task,
                fields: task.fields.map((field) =>
                  field.name === fields[0]
                    ? { ...field, stats: { count, nulls: 0, distinct, unique: false } }
                    : field,
                ),
              },
        ),
      };
      return judgeFromProfile(listed, actual)[0];
    };
    // Two stores: `unique: false` only because 2 values are fewer than k (10).
    expect(judge(2, 2)).toMatchObject({ basis: 'unchecked', violations: null, ok: true });
    expect(judge(100, 90)).toMatchObject({ basis: 'profile', violations: 10, ok: false });
  });
});

describe('parseBounds', () => {
  it('reads metric=value pairs and names a wrong one', () => {
    expect(parseBounds('ks=0.1, tv=0.2')).toEqual({ ks: 0.1, tv: 0.2 });
    expect(() => parseBounds('ks=abc')).toThrow('--bounds ks must be a number');
    expect(() => parseBounds('speed=1')).toThrow('--bounds names "speed"');
  });
});

describe('resolveProfileName', () => {
  it('keeps names inside the root and refuses paths', () => {
    expect(resolveProfileName('/srv/profiles', 'shop.v2')).toBe('/srv/profiles/shop.v2');
    for (const name of ['..', '../etc', 'a/b', '.hidden', 'a..b', ''])
      expect(() => resolveProfileName('/srv/profiles', name)).toThrow('is not a folder name');
  });
});
