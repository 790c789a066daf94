/** The one resolver for dataset names as users type them, and its use by the generation plan and scenarios. */
import { describe, expect, it } from 'vitest';
import { resolveDatasetName, selectDatasets } from '../../../src/catalog/dataset-names.js';
import { createPlan } from '../../../src/generate/plan/plan.js';
import { applyScenario, parseScenario } from '../../../src/generate/plan/scenario.js';
import { DoppelError, EXIT } from '../../../src/shared/errors.js';
import { buildShopProfile } from '../generate/shop-profile.js';

const DATASETS = [
  { name: 'sales.customers', local: 'customers' },
  { name: 'crm.customers', local: 'customers' },
  { name: 'sales.orders', local: 'orders' },
  { name: 'sales.Order Lines', local: 'Order Lines' },
  { name: 'Back Office.AUDIT_LOG', local: 'AUDIT_LOG' },
];

function failure(run: () => unknown): DoppelError {
  try {
    run();
  } catch (error) {
    if (error instanceof DoppelError) return error;
    throw error;
  }
  throw new Error('expected a DoppelError');
}

describe('resolveDatasetName', () => {
  it('takes a qualified name exactly, else regardless of case', () => {
    expect(resolveDatasetName('sales.customers', DATASETS, 'include')).toEqual(['sales.customers']);
    expect(resolveDatasetName('SALES.ORDERS', DATASETS, 'include')).toEqual(['sales.orders']);
    expect(resolveDatasetName('back office.audit_log', DATASETS, 'include')).toEqual([
      'Back Office.AUDIT_LOG',
    ]);
  });

  it('resolves an unqualified name to the one dataset with that local name', () => {
    expect(resolveDatasetName('orders', DATASETS, 'only')).toEqual(['sales.orders']);
    expect(resolveDatasetName('Order Lines', DATASETS, 'only')).toEqual(['sales.Order Lines']);
    expect(resolveDatasetName('audit_log', DATASETS, 'only')).toEqual(['Back Office.AUDIT_LOG']);
  });

  it('refuses an ambiguous name, listing the candidates', () => {
    const error = failure(() => resolveDatasetName('customers', DATASETS, 'rows'));
    expect(error.exitCode).toBe(EXIT.usage);
    expect(error.message).toBe(
      'rows "customers" is ambiguous: it names sales.customers, crm.customers; give the qualified name.',
    );
  });

  it('matches globs against qualified names, and against local names when the glob has no dot', () => {
    expect(resolveDatasetName('sales.*', DATASETS, 'include')).toEqual([
      'sales.customers',
      'sales.orders',
      'sales.Order Lines',
    ]);
    expect(resolveDatasetName('*.customers', DATASETS, 'include')).toEqual([
      'sales.customers',
      'crm.customers',
    ]);
    expect(resolveDatasetName('order?', DATASETS, 'include')).toEqual(['sales.orders']);
    expect(resolveDatasetName('audit*', DATASETS, 'include')).toEqual(['Back Office.AUDIT_LOG']);
  });

  it('refuses a name or glob that matches nothing, listing the closest names', () => {
    const typo = failure(() => resolveDatasetName('custmers', DATASETS, 'include'));
    expect(typo.exitCode).toBe(EXIT.usage);
    expect(typo.message).toBe(
      'include "custmers" matches no dataset; the closest: crm.customers, sales.customers, sales.orders.',
    );
    expect(failure(() => resolveDatasetName('billing.*', DATASETS, 'exclude')).message).toMatch(
      /^exclude "billing\.\*" matches no dataset; the closest: /,
    );
    expect(failure(() => resolveDatasetName('x', [], 'only')).message).toBe('only "x" matches no dataset.');
  });
});

describe('selectDatasets', () => {
  it('keeps what include names, minus what exclude names; every entry must match something', () => {
    const names = (filter: { include?: string[]; exclude?: string[] }) =>
      selectDatasets(DATASETS, filter).map((dataset) => dataset.name);
    expect(names({})).toHaveLength(DATASETS.length);
    expect(names({ include: ['sales.*'], exclude: ['orders'] })).toEqual([
      'sales.customers',
      'sales.Order Lines',
    ]);
    expect(names({ include: ['crm.customers', 'audit_log'] })).toEqual([
      'crm.customers',
      'Back Office.AUDIT_LOG',
    ]);
    expect(() => names({ exclude: ['ordres'] })).toThrow('exclude "ordres" matches no dataset');
  });
});

describe('dataset names in a generation plan and a scenario', () => {
  const profile = buildShopProfile();
  const localOf = (name: string) => name.slice(name.lastIndexOf('.') + 1);
  const someName = profile.datasets[0]!.dataset.name;

  it('accepts unqualified names in --rows, --only and --skip', () => {
    const plan = createPlan(profile, { rows: { [localOf(someName)]: 3 }, only: [localOf(someName)] });
    const planned = plan.datasets.find((dataset) => dataset.name === someName)!;
    expect(planned).toMatchObject({ rows: 3, generate: true });
    expect(plan.datasets.filter((dataset) => dataset.generate)).toHaveLength(1);
    const skipped = createPlan(profile, { skip: [localOf(someName)] });
    expect(skipped.datasets.find((dataset) => dataset.name === someName)).toMatchObject({
      generate: false,
      reason: 'in --skip',
    });
  });

  it('refuses names that match nothing, with the closest', () => {
    expect(() => createPlan(profile, { only: ['nope'] })).toThrow(
      /^only "nope" matches no dataset; the closest: /,
    );
    expect(() => createPlan(profile, { rows: { [`${localOf(someName)}x`]: 1 } })).toThrow(
      `rows "${localOf(someName)}x" matches no dataset; the closest: ${someName}`,
    );
  });

  it('resolves scenario keys the same way, naming the scenario file in errors', () => {
    const scenario = parseScenario(
      `version: 1\ndatasets:\n  ${localOf(someName)}:\n    rows: 4\n`,
      'busy.yaml',
    );
    expect(applyScenario(profile, scenario).rows).toEqual({ [someName]: 4 });
    const wrong = parseScenario('version: 1\ndatasets:\n  nope:\n    rows: 4\n', 'busy.yaml');
    const error = failure(() => applyScenario(profile, wrong));
    expect(error.exitCode).toBe(EXIT.invalidInput);
    expect(error.message).toMatch(/^busy\.yaml: datasets: "nope" matches no dataset; the closest: /);
  });
});
