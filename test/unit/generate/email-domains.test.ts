import { describe, expect, it } from 'vitest';
import {
  createEmailGenerator,
  indexDigitWidths,
  parseLocalShape,
} from '../../../src/generate/values/semantic/email.js';
import { createPools } from '../../../src/generate/values/semantic/pools.js';
import { asciiFold } from '../../../src/generate/values/semantic/semantic-generators.js';
import { describeLocalShape } from '../../../src/profile/privacy/email-parts.js';
import { StreamRandom } from '../../../src/shared/random.js';

/** A generator of `rows` unique addresses in the measured local-part `shapes`. */
function uniqueEmails(shapes: readonly { value: string; share: number }[], rows: number) {
  return createEmailGenerator({
    pools: createPools(3, 'en'),
    stats: { count: 1000, nulls: 0, local_shapes: [...shapes] },
    unique: { rows, key: 8 },
    fold: (pool) => pool,
  });
}

describe('email domains', () => {
  it("takes the kept domains' shares, and the locale's free email providers for the rest", () => {
    const generate = createEmailGenerator({
      pools: createPools(3, 'pt_BR'),
      stats: { count: 1000, nulls: 0, domains: [{ value: 'chinookcorp.com', share: 0.25 }] },
      fold: (pool) => pool,
    });
    const random = new StreamRandom(1);
    const domains = new Map<string, number>();
    for (let index = 0; index < 2000; index++) {
      const domain = generate(random.reset(5, index), index).split('@')[1]!;
      domains.set(domain, (domains.get(domain) ?? 0) + 1);
    }
    expect((domains.get('chinookcorp.com') ?? 0) / 2000).toBeCloseTo(0.25, 1);
    const providers = ['bol.com.br', 'gmail.com', 'hotmail.com', 'live.com', 'yahoo.com'];
    for (const domain of domains.keys()) expect([...providers, 'chinookcorp.com']).toContain(domain);
  });

  it('writes unique addresses from unique names, each a function of its row index alone', () => {
    // One letter run and no digits cannot tell rows apart: the shape is left out for unique addresses.
    const generate = uniqueEmails([{ value: 'a', share: 1 }], 20_000);
    expect(generate.byIndex).toBe(true);
    const random = new StreamRandom(1);
    const addresses = Array.from({ length: 20_000 }, (_, index) => generate(random.reset(5, index), index));
    expect(new Set(addresses).size).toBe(20_000);
    for (const address of addresses) expect(address).toMatch(/^[a-z]+(\.[a-z]+)?@[a-z.]+$/);
    expect(generate(random.reset(6, 123), 123)).toBe(addresses[123]);
  });

  it('writes unique addresses in measured shapes of letters and digits, the digits a permuted row index', () => {
    const rows = 30_000;
    const generate = uniqueEmails(
      [
        { value: 'a999999', share: 0.5 },
        // jsmith12: two digits number 100 rows, a name of their own per block of 100 rows the blocks.
        { value: 'a99', share: 0.3 },
        { value: 'a.a', share: 0.2 },
      ],
      rows,
    );
    expect(generate.byIndex).toBe(false);
    const random = new StreamRandom(1);
    // Every draw for an index differs from every draw for another (a caller fitting lengths redraws).
    const owners = new Map<string, number>();
    const drawn: string[] = [];
    for (let index = 0; index < rows; index++)
      for (const stream of [1, 2]) {
        const local = generate(random.reset(stream, index), index).split('@')[0]!;
        expect(owners.get(local) ?? index).toBe(index);
        owners.set(local, index);
        drawn.push(local);
      }
    const share = (pattern: RegExp) => drawn.filter((local) => pattern.test(local)).length / drawn.length;
    expect(share(/^[a-z]+\d{6}$/)).toBeCloseTo(0.5, 1);
    expect(share(/^[a-z]+\d{2}$/)).toBeCloseTo(0.3, 1);
    expect(share(/^[a-z]+\.[a-z]+$/)).toBeCloseTo(0.2, 1);
    // A row keeps its shape over redraws (they fit its length with other names).
    const shapeOf = (local: string) => local.replace(/[a-z]+/g, 'a').replace(/\d/g, '9');
    for (let at = 0; at < drawn.length; at += 2) expect(shapeOf(drawn[at]!)).toBe(shapeOf(drawn[at + 1]!));
    // The digits do not count up with the rows.
    const sixDigits = drawn.filter((_, at) => at % 2 === 0 && /^[a-z]+\d{6}$/.test(drawn[at]!)).slice(0, 200);
    const rising = sixDigits.filter((local, at) => at > 0 && local.slice(-6) > sixDigits[at - 1]!.slice(-6));
    expect(rising.length / sixDigits.length).toBeLessThan(0.7);
    // Indexes past the rows (respect-existing probes them) wrap onto the rows' space.
    for (let index = rows; index < rows + 500; index++)
      expect(generate(random.reset(1, index), index)).toMatch(/^[a-z]+(\d{2}|\d{6}|\.[a-z]+)@[a-z.]+$/);
  });

  it('widens a run of six digits (six or more) for more rows, and leaves out shapes that cannot number rows', () => {
    expect(indexDigitWidths(parseLocalShape('a999999'), 1_000_000)).toEqual([6]);
    expect(indexDigitWidths(parseLocalShape('a999999'), 1_000_001)).toEqual([7]);
    expect(indexDigitWidths(parseLocalShape('a99_999999'), 10 ** 9)).toEqual([2, 7]);
    expect(indexDigitWidths(parseLocalShape('a99'), 1_000_000)).toEqual([2]);
    expect(indexDigitWidths(parseLocalShape('a.a9'), 10)).toBeUndefined();
    expect(indexDigitWidths(parseLocalShape('a'), 1)).toBeUndefined();
  });

  it('leaves out a shape of few digits when the rows need more blocks than there are names', () => {
    const generate = uniqueEmails([{ value: 'a9', share: 1 }], 1_000_000);
    expect(generate.byIndex).toBe(true);
  });
});

describe('email local parts in cased shapes', () => {
  it('writes each letter run in its measured case, and leaves the domain as kept', () => {
    const shapes = [
      { value: 'A.A999', share: 0.5 },
      { value: 'Aa.Aa', share: 0.3 },
      { value: 'a99', share: 0.2 },
    ];
    const domains = [{ value: 'sakilacustomer.org', share: 1 }];
    for (const unique of [undefined, { rows: 5000, key: 8 }]) {
      const generate = createEmailGenerator({
        pools: createPools(3, 'en'),
        stats: { count: 1000, nulls: 0, local_shapes: shapes, domains },
        ...(unique ? { unique } : {}),
        fold: (pool) => pool.map(asciiFold),
      });
      expect(generate.ownCase).toBe(true);
      const random = new StreamRandom(1);
      const counts = new Map<string, number>();
      for (let index = 0; index < 5000; index++) {
        const [local, domain] = generate(random.reset(5, index), index).split('@');
        expect(domain).toBe('sakilacustomer.org');
        const shape = describeLocalShape(local!);
        counts.set(shape, (counts.get(shape) ?? 0) + 1);
      }
      // Every address is in one of the measured shapes, case included, at about its share.
      expect([...counts.keys()].sort()).toEqual(['A.A999', 'Aa.Aa', 'a99']);
      for (const { value, share } of shapes) expect((counts.get(value) ?? 0) / 5000).toBeCloseTo(share, 1);
    }
  });

  it('leaves uncased shapes to the field case style, as before', () => {
    const generate = createEmailGenerator({
      pools: createPools(3, 'en'),
      stats: { count: 1000, nulls: 0, local_shapes: [{ value: 'a.a', share: 1 }] },
      fold: (pool) => pool,
    });
    expect(generate.ownCase).toBe(false);
    expect(parseLocalShape('a.a')).toEqual([
      { kind: 'letters' },
      { kind: 'literal', text: '.' },
      { kind: 'letters' },
    ]);
    expect(parseLocalShape('Aa.A9', true)).toEqual([
      { kind: 'letters', case: 'title' },
      { kind: 'literal', text: '.' },
      { kind: 'letters', case: 'upper' },
      { kind: 'digits', count: 1 },
    ]);
  });
});
