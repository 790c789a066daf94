/**
 * The report of a comparison, read without a browser: both sides of every field in one chart (each side with
 * a mark per bin or kept value), metrics with their bounds, drift highlighted where it happened, datasets
 * only one side has, and the hard checks of a validation with broken ones first.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderComparisonReport } from '../../../src/report/index.js';
import { loadProfile } from '../../../src/tasks/index.js';
import type { DatasetTask, FieldTask, Profile } from '../../../src/tasks/types.js';
import { compareProfiles } from '../../../src/validate/compare.js';
import type { CheckResult } from '../../../src/validate/hard-checks.js';
import { expectedMarks, fieldsWithPaths } from '../../helpers/report-oracle.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';
import { chartsOf, countMarks, sectionOf } from './report-page.js';

let demo: Profile;
let changed: Profile;

/** The demo with drift: orders.total an integer, orders.currency gone, status reweighted, products renamed. */
function withDrift(profile: Profile): Profile {
  const change = (task: DatasetTask): DatasetTask => {
    if (task.dataset.name === 'public.products')
      return { ...task, dataset: { ...task.dataset, name: 'public.items', local: 'items' } };
    if (task.dataset.name !== 'public.orders') return task;
    const fields = task.fields
      .filter((field) => field.name !== 'currency')
      .map((field): FieldTask => {
        if (field.name === 'total') return { ...field, type: { logical: 'integer', native: 'integer' } };
        if (field.name === 'status')
          return { ...field, generator: { kind: 'categorical', weights: { shipped: 0.2, paid: 0.8 } } };
        return field;
      });
    return { ...task, fields };
  };
  return { ...profile, datasets: profile.datasets.map(change) };
}

beforeAll(async () => {
  demo = await loadProfile(`${REPO_ROOT}profiles/demo`);
  changed = withDrift(demo);
});

function render(checks?: readonly CheckResult[]): string {
  return renderComparisonReport({
    expected: demo,
    actual: changed,
    comparison: compareProfiles(demo, changed),
    names: { expected: 'profiles/demo', actual: 'changed' },
    ...(checks === undefined ? {} : { checks }),
  });
}

describe('renderComparisonReport', () => {
  it('overlays both sides of every field, each with a mark per bin or kept value', () => {
    const page = render();
    for (const task of demo.datasets.filter((entry) => entry.dataset.name !== 'public.products')) {
      const actualTask = changed.datasets.find((entry) => entry.dataset.name === task.dataset.name)!;
      const actualFields = new Map(fieldsWithPaths(actualTask).map(({ path, field }) => [path, field]));
      const charts = new Map(
        chartsOf(sectionOf(page, task.dataset.name)).map((chart) => [chart.field, chart]),
      );
      for (const { path, field } of fieldsWithPaths(task)) {
        const chart = charts.get(path)!;
        expect(chart, path).toBeDefined();
        const expectedBasis = chart.attributes['basis-expected'] ?? '';
        expect(countMarks(chart.body, 'expected'), path).toBe(expectedMarks(field, expectedBasis));
        const actual = actualFields.get(path);
        const actualBasis = chart.attributes['basis-actual'] ?? '';
        expect(countMarks(chart.body, 'actual'), path).toBe(
          actual === undefined ? 0 : expectedMarks(actual, actualBasis),
        );
      }
    }
  });

  it('shows metrics against their bounds and highlights drift where it happened', () => {
    const page = render();
    const orders = sectionOf(page, 'public.orders');
    expect(page).toContain('class="verdict fail"');
    expect(orders).toMatch(/<article class="field drift" id="field-public_1a_orders-total">/);
    expect(orders).toContain('type changed: decimal numeric(12,2) → integer integer');
    expect(orders).toMatch(
      /<article class="field drift" id="field-public_1a_orders-currency">[\s\S]*?field removed/,
    );
    expect(orders).toMatch(
      /<article class="field failing" id="field-public_1a_orders-status">[\s\S]*?badge fail[^>]*>tv 0\.\d+ &gt; 0\.050/,
    );
    expect(orders).toMatch(/badge ok[^>]*>nulls 0 pt ≤ 1 pt/);
    expect(sectionOf(page, 'public.items')).toContain('only in the actual profile');
    expect(sectionOf(page, 'public.products')).toContain('only in the expected profile');
    const drift = /<section id="drift">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    for (const item of ['public.items', 'public.products', 'public.orders.currency', 'public.orders.total'])
      expect(drift).toContain(item);
  });

  it('lists hard checks of a validation, broken ones first', () => {
    const checks: CheckResult[] = [
      {
        dataset: 'public.orders',
        kind: 'primary-key',
        subject: 'id',
        violations: 0,
        basis: 'query',
        ok: true,
      },
      {
        dataset: 'public.customers',
        kind: 'not-null',
        subject: 'last_name',
        violations: 2,
        basis: 'query',
        ok: false,
      },
    ];
    const page = render(checks);
    const section = /<section id="checks">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    expect(section.indexOf('last_name')).toBeLessThan(section.indexOf('<code>id</code>'));
    expect(section).toMatch(/<tr class="fail"><td>FAIL<\/td><td>public.customers<\/td><td>not-null<\/td>/);
    expect(page).toContain('1 hard checks broken');
  });
});
