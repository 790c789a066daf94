import { describe, expect, it } from 'vitest';
import type { Row } from '../../../src/catalog/values.js';
import { createGeneration } from '../../../src/generate/engine.js';
import { parseScenario } from '../../../src/generate/plan/scenario.js';
import { DoppelError } from '../../../src/shared/errors.js';
import { buildShopProfile } from './shop-profile.js';

async function collect(name: string, scenarioText: string): Promise<Row[]> {
  const generation = createGeneration(buildShopProfile(), {
    seed: 3,
    scenario: parseScenario(scenarioText, 'load.yaml'),
  });
  const rows: Row[] = [];
  for await (const batch of generation.batches(name)) rows.push(...batch);
  return rows;
}

describe('scenario overrides', () => {
  it('change row counts, fix values, reweight categories and add nulls', async () => {
    const rows = await collect(
      'public.orders',
      `version: 1
datasets:
  public.orders:
    rows: 500
    fields:
      currency: { value: USD }
      status: { weights: { cancelled: 1 } }
      region: { nulls: 0.5 }
`,
    );
    expect(rows).toHaveLength(500);
    expect(rows.every((row) => row.currency === 'USD' && row.status === 'cancelled')).toBe(true);
    const nulls = rows.filter((row) => row.region === null).length / rows.length;
    expect(nulls).toBeGreaterThan(0.4);
    expect(nulls).toBeLessThan(0.6);
  });

  it('refuse a duplicate key, naming the file and its line', () => {
    const text = 'version: 1\ndatasets:\n  public.orders:\n    rows: 5\n    rows: 6\n';
    expect(() => parseScenario(text, 'load.yaml')).toThrow(DoppelError);
    expect(() => parseScenario(text, 'load.yaml')).toThrow(
      'load.yaml:5: duplicate key "rows" (each key may appear once in a mapping).',
    );
  });

  it('report mistakes with file, line and field', () => {
    const attempt = (text: string) => {
      try {
        parseScenario(text, 'load.yaml');
      } catch (error) {
        expect(error).toBeInstanceOf(DoppelError);
        return (error as Error).message;
      }
      return 'no error';
    };
    expect(
      attempt('version: 1\ndatasets:\n  public.orders:\n    fields:\n      status: { nulls: 2 }\n'),
    ).toBe('load.yaml:5: datasets.public.orders.fields.status.nulls must be a number between 0 and 1.');
    expect(attempt('version: 1\ndatasets:\n  public.orders:\n    rowz: 3\n')).toMatch(
      /^load\.yaml:4: .*unknown key "rowz"/,
    );
    expect(attempt('version: 2\n')).toBe('load.yaml:1: `version` must be 1.');
    expect(() =>
      createGeneration(buildShopProfile(), {
        seed: 1,
        scenario: parseScenario(
          'version: 1\ndatasets:\n  public.orders:\n    fields:\n      nope: { nulls: 0.1 }\n',
          's.yaml',
        ),
      }),
    ).toThrow(/s\.yaml: datasets\.public\.orders\.fields\.nope is not a field of public\.orders/);
  });
});
