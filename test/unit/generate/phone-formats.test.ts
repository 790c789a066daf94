import { describe, expect, it } from 'vitest';
import { createShapedPhone } from '../../../src/generate/values/semantic/phone-formats.js';
import { StreamRandom } from '../../../src/shared/random.js';

const draw = (classes: string[], length: number | undefined) => {
  const generate = createShapedPhone(classes, length === undefined ? undefined : () => length, ['+1', '+44']);
  const random = new StreamRandom(4);
  return Array.from({ length: 200 }, (_, index) => generate(random.reset(1, index)));
};

describe('phones written in a layout the measured classes and lengths allow', () => {
  it('spaces and punctuates numbers measured with spaces and punctuation, at the drawn length', () => {
    const phones = draw(['digit', 'punct', 'space'], 17);
    for (const phone of phones) {
      expect(phone).toHaveLength(17);
      expect(phone).toMatch(/^[+0-9 ()-]+$/);
    }
    expect(phones.some((phone) => phone.includes(' '))).toBe(true);
    expect(phones.some((phone) => phone.startsWith('+'))).toBe(true);
  });

  it('writes bare digits when only digits were measured', () => {
    for (const phone of draw(['digit'], 10)) expect(phone).toMatch(/^[2-9][0-9]{9}$/);
  });
});
