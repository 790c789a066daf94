import { describe, expect, it } from 'vitest';
import { isCallingCode, splitPhonePattern } from '../../../src/generate/values/phone-pattern.js';
import { StreamRandom } from '../../../src/shared/random.js';

describe('phone patterns', () => {
  it('draw real calling codes of the measured lengths and area codes from 2', () => {
    const phone = splitPhonePattern('\\+[0-9]{1,2} [0-9]{3} [0-9]{3} [0-9]{4}')!;
    expect(phone.rest).toBe(' [2-9][0-9]{2} [0-9]{3} [0-9]{4}');
    const random = new StreamRandom().reset(7, 1);
    for (let draw = 0; draw < 200; draw++) {
      const code = phone.code(random);
      expect(isCallingCode(code), code).toBe(true);
      expect(code.length).toBeLessThanOrEqual(2);
    }
    expect(splitPhonePattern('\\+[0-9] [0-9]')!.rest).toBe(' [2-9]');
    expect(splitPhonePattern('\\+[0-9]{2}-[0-9]{2,4}')!.rest).toBe('-[2-9][0-9]{1,3}');
  });

  it('leave other shapes alone', () => {
    expect(splitPhonePattern('\\([0-9]{3}\\) [0-9]{3}-[0-9]{4}')).toBeUndefined();
    expect(isCallingCode('0')).toBe(false);
  });
});
