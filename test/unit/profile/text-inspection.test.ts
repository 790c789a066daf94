import { describe, expect, it } from 'vitest';
import { InspectionSample } from '../../../src/profile/measure/accumulators/inspection-sample.js';
import { TextAccumulator } from '../../../src/profile/measure/accumulators/text-accumulator.js';
import { classifyCase } from '../../../src/profile/measure/case-style.js';
import { characterClasses, PatternSketch } from '../../../src/profile/measure/pattern/pattern-sketch.js';
import { SemanticSketch } from '../../../src/profile/measure/semantics/index.js';
import { seedOfText } from '../../../src/shared/random.js';

/**
 * What a text field's inspections give when every value the inspection sample keeps is inspected one by one,
 * in read order: the sample is drawn again with the field's seed.
 */
function inspectedOneByOne(name: string, values: readonly string[], k: number) {
  const sample = new InspectionSample(seedOfText(name));
  for (const value of values) sample.offer(value);
  const pattern = new PatternSketch();
  const semantic = new SemanticSketch(name, 'string');
  const classes = new Set<string>();
  const cases = { upper: 0, lower: 0, title: 0, mixed: 0 };
  for (const value of sample.drain()) {
    pattern.add(value);
    semantic.add(value);
    for (const each of characterClasses(value)) classes.add(each);
    const style = classifyCase(value);
    if (style !== undefined) cases[style]++;
  }
  return {
    pattern: pattern.infer(k),
    patterns: pattern.inferMixture(k),
    semantic: semantic.result(),
    classes: [...classes].sort(),
    cases,
  };
}

describe('inspecting a text field', () => {
  it('inspects a few distinct values once each with their counts, with the measures of one by one', () => {
    const cities = ['Paris', 'Lyon', 'Berlin', ' ', 'SAN JOSÉ', 'Zürich', 'new york', ''];
    const streams: [string, string[]][] = [
      // Few values, blanks among them, in an order where the semantic sketch's first values are not a fair
      // share of each (one city only at first).
      [
        'city',
        Array.from({ length: 60_000 }, (_, i) => (i < 3000 ? 'Paris' : cities[((i * 7919) >>> 3) % 8]!)),
      ],
      ['code', Array.from({ length: 20_000 }, (_, i) => `AB-${(i * 7) % 40}`)],
      // A value first seen early and common only later: among the first values it is rare.
      ['value', Array.from({ length: 30_000 }, (_, i) => (i >= 100 && i < 2500 ? 'Paris' : 'a@example.com'))],
      // More distinct values than are grouped: one by one.
      ['label', Array.from({ length: 20_000 }, (_, i) => `L${i % 300}`)],
    ];
    for (const [name, values] of streams) {
      const accumulator = new TextAccumulator('string', name, 5);
      for (const value of values) accumulator.add(value);
      const measure = accumulator.finish();
      const expected = inspectedOneByOne(name, values, 5);
      expect(measure.pattern, name).toEqual(expected.pattern);
      expect(measure.patterns ?? [], name).toEqual(expected.patterns.length > 1 ? expected.patterns : []);
      expect(measure.semantic, name).toEqual(expected.semantic);
      expect(measure.classes, name).toEqual(expected.classes);
      expect(measure.cases, name).toEqual(expected.cases);
    }
  });

  it('counts a value added several times as that many values', () => {
    const once = new PatternSketch();
    const counted = new PatternSketch();
    const values = ['AB-12', 'AB-7', '', 'x'.repeat(300), 'CD-100'];
    for (const value of values) {
      for (let i = 0; i < 3; i++) once.add(value);
      counted.add(value, 3);
    }
    expect(counted.inferMixture(2)).toEqual(once.inferMixture(2));
    expect(counted.count).toBe(once.count);
    const repeated = new SemanticSketch('contact', 'string', { maxValues: 10 });
    const weighted = new SemanticSketch('contact', 'string', { maxValues: 10 });
    for (const value of ['a@example.com', ' ', 'Paris', 'b@example.com']) {
      for (let i = 0; i < 4; i++) repeated.add(value);
      weighted.add(value, 4);
    }
    expect(weighted.count).toBe(10);
    expect(weighted.result()).toEqual(repeated.result());
  });
});
