import { describe, expect, it } from 'vitest';
import { parseProfileConfig } from '../../../src/profile/profile-config.js';
import { DoppelError } from '../../../src/shared/errors.js';
import { redactText } from '../../../src/shared/redact.js';

const CONFIG = `
profile: shop
sampling: { rows: 5000, seed: 7 }
privacy:
  k: 20
  overrides:
    - { match: "public.customers.notes", personal: true }
sources:
  - name: shop
    url: postgres://reader:\${SHOP_DB_PASSWORD}@replica.internal:5432/shop
    include: ["public.*"]
  - name: crm
    url: mongodb://crm.internal:27017/crm
`;

describe('profile config', () => {
  it('reads sources, sampling and privacy, expanding environment references in credentials', () => {
    const config = parseProfileConfig(CONFIG, 'shop.yaml', { SHOP_DB_PASSWORD: 's3cret-pw' });
    expect(config.profile).toBe('shop');
    expect(config.sampling).toEqual({ rows: 5000, seed: 7 });
    expect(config.privacy).toEqual({
      k: 20,
      overrides: [{ match: 'public.customers.notes', personal: true }],
    });
    expect(config.sources.map((source) => source.name)).toEqual(['shop', 'crm']);
    expect(config.sources[0]?.url).toContain('s3cret-pw');
    expect(config.sources[0]?.include).toEqual(['public.*']);
    // The expanded password is registered as a secret and scrubbed from output.
    expect(redactText('failed with s3cret-pw')).not.toContain('s3cret-pw');
  });

  it('refuses a password written literally, naming the line', () => {
    const text = 'sources:\n  - name: shop\n    url: postgres://reader:hunter22@db/shop\n';
    expect(() => parseProfileConfig(text, 'bad.yaml', {})).toThrow(DoppelError);
    expect(() => parseProfileConfig(text, 'bad.yaml', {})).toThrow(/bad\.yaml:3: .*\$\{ENV_VAR\}/);
  });

  it('names a missing environment variable and a missing source list', () => {
    expect(() => parseProfileConfig(CONFIG, 'shop.yaml', {})).toThrow(/SHOP_DB_PASSWORD/);
    expect(() => parseProfileConfig('profile: x\n', 'empty.yaml', {})).toThrow(
      /sources must list at least one source/,
    );
  });
});
