import { describe, expect, it } from 'vitest';
import { TextAccumulator } from '../../../src/profile/measure/accumulators/text-accumulator.js';
import { describeLocalShape } from '../../../src/profile/privacy/email-parts.js';
import { filterField } from '../../../src/profile/privacy/privacy.js';

describe('email parts in a profile', () => {
  it('describes local parts by shape only', () => {
    expect(describeLocalShape('jane.doe')).toBe('a.a');
    expect(describeLocalShape('jdoe99')).toBe('a99');
    expect(describeLocalShape('jane_doe+news')).toBe('a_a+a');
    expect(describeLocalShape('x12345678')).toBe('a999999');
  });

  it('says how each letter run is cased: upper, title (an initial too) or lower', () => {
    expect(describeLocalShape('MARY.SMITH')).toBe('A.A');
    expect(describeLocalShape('Mike.Hillyer')).toBe('Aa.Aa');
    expect(describeLocalShape('J.Smith99')).toBe('Aa.Aa99');
    expect(describeLocalShape('JSMITH12')).toBe('A99');
    // Mixed runs, and letters beyond ASCII, are written as letters without a case of their own.
    expect(describeLocalShape('JohnSmith')).toBe('a');
    expect(describeLocalShape('Émile.zola')).toBe('a.a');
  });

  it('keeps domains shared by k addresses and local-part shapes, never a local part or a rare domain', () => {
    const accumulator = new TextAccumulator('string', 'email', 10);
    for (let i = 0; i < 40; i++) accumulator.add(`person${i}.name@company.example`);
    for (let i = 0; i < 20; i++) accumulator.add(`p${i}x@home${i}.example`);
    accumulator.add('secretlocal@rare-domain.example');
    const summary = filterField(
      accumulator.finish(),
      { path: 't.email' },
      { k: 10, digits: 3, overrides: [] },
    );
    expect(summary.personal).toBe(true);
    expect(summary.stats.domains).toEqual([{ value: 'company.example', share: 0.6557 }]);
    expect(summary.stats.local_shapes?.map((entry) => entry.value)).toEqual(['a99.a', 'a9.a', 'a99a', 'a9a']);
    const text = JSON.stringify(summary);
    expect(text).not.toContain('secretlocal');
    expect(text).not.toContain('rare-domain');
    expect(text).not.toContain('home1.example');
  });
});
