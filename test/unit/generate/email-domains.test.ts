import { describe, expect, it } from 'vitest';
import { createEmailGenerator } from '../../../src/generate/values/semantic/email.js';
import { createPools } from '../../../src/generate/values/semantic/pools.js';
import { StreamRandom } from '../../../src/shared/random.js';

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
    const generate = createEmailGenerator({
      pools: createPools(3, 'en'),
      stats: { count: 1000, nulls: 0, local_shapes: [{ value: 'a999999', share: 1 }] },
      unique: { rows: 20_000, key: 8 },
      fold: (pool) => pool,
    });
    expect(generate.byIndex).toBe(true);
    const random = new StreamRandom(1);
    const addresses = Array.from({ length: 20_000 }, (_, index) => generate(random.reset(5, index), index));
    expect(new Set(addresses).size).toBe(20_000);
    for (const address of addresses) expect(address).toMatch(/^[a-z]+(\.[a-z]+)?@[a-z.]+$/);
    expect(generate(random.reset(6, 123), 123)).toBe(addresses[123]);
  });
});
