import { describe, expect, it } from 'vitest';
import { createShapedPostalCode } from '../../../src/generate/values/semantic/postal-formats.js';
import { StreamRandom } from '../../../src/shared/random.js';

const draw = (classes: string[], length: number) => {
  const generate = createShapedPostalCode(classes, () => length);
  const random = new StreamRandom(2);
  return Array.from({ length: 100 }, (_, index) => generate(random.reset(1, index)));
};

describe('postal codes written in a national layout the measured classes and lengths allow', () => {
  it('writes capitals, digits and a space for codes measured so (T5K 2N1, SW1 1AA)', () => {
    for (const code of draw(['digit', 'space', 'upper'], 7))
      expect(code).toMatch(/^[0-9A-Z]{3,4} [0-9A-Z]{2,3}$/);
  });

  it('writes digits and a dash without letters (01310-100)', () => {
    for (const code of draw(['digit', 'punct'], 9)) expect(code).toMatch(/^[0-9]{5}-[0-9]{3}$/);
  });
});
