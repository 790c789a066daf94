import { describe, expect, it } from 'vitest';
import type { MeasuredRule } from '../../../src/profile/measure/rules.js';
import { filterRules } from '../../../src/profile/privacy/rule-pairs.js';

const measured: MeasuredRule = {
  kind: 'depends',
  fields: ['city'],
  determines: 'country',
  measured: [
    { determinant: 'Paris', dependent: 'FR', rows: 40 },
    { determinant: 'Lyon', dependent: 'FR', rows: 12 },
    { determinant: 'Leeds', dependent: 'GB', rows: 9 },
    { determinant: 'Nantes', dependent: 'FR', rows: 10 },
  ],
};

describe('the privacy filter of rule pairs', () => {
  it('keeps a pair seen k times whose values are both kept, and nothing else', () => {
    const kept = new Map([
      ['city', new Set(['Paris', 'Lyon', 'Leeds'])],
      ['country', new Set(['FR', 'GB'])],
    ]);
    // Leeds is below k as a pair; Nantes is not a kept city (a personal field keeps none).
    expect(filterRules([measured], kept, 10)).toEqual([
      { kind: 'depends', fields: ['city'], determines: 'country', pairs: { Paris: 'FR', Lyon: 'FR' } },
    ]);
  });

  it('writes no pairs when a side keeps no values (a personal field)', () => {
    const kept = new Map([
      ['city', new Set<string>()],
      ['country', new Set(['FR', 'GB'])],
    ]);
    expect(filterRules([measured], kept, 10)).toEqual([
      { kind: 'depends', fields: ['city'], determines: 'country' },
    ]);
  });
});
