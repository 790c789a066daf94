/**
 * Seeded pools of realistic words (names, cities, streets, companies, domains, ...), built once per run and
 * locale with faker, then drawn from with the fast PRNG. Calling faker per value would cost microseconds per
 * value and tie the output to faker's internal call order; a pool costs one build and one index per value.
 */
import { allLocales, base, en, Faker, type LocaleDefinition } from '@faker-js/faker';
import { deriveKey, mix32 } from '../../../shared/random.js';

export const POOL_NAMES = [
  'firstName',
  'lastName',
  'city',
  'street',
  'company',
  'domain',
  'emailDomain',
  'state',
  'country',
  'countryCode',
  'postalCode',
  'currencyCode',
  'word',
  'stateCode',
] as const;

export type PoolName = (typeof POOL_NAMES)[number];

const POOL_SIZES: { readonly [P in PoolName]: number } = {
  firstName: 4096,
  lastName: 4096,
  city: 2048,
  street: 2048,
  company: 1024,
  domain: 512,
  emailDomain: 64,
  state: 256,
  country: 256,
  countryCode: 256,
  postalCode: 2048,
  currencyCode: 128,
  word: 1024,
  stateCode: 256,
};

const POOL_BUILDERS: { readonly [P in PoolName]: (faker: Faker) => string } = {
  firstName: (faker) => faker.person.firstName(),
  lastName: (faker) => faker.person.lastName(),
  city: (faker) => faker.location.city(),
  street: (faker) => faker.location.street(),
  company: (faker) => faker.company.name(),
  domain: (faker) => faker.internet.domainName(),
  // The locale's free email providers (gmail.com, yahoo.com, ...): where people's addresses are.
  emailDomain: (faker) => faker.helpers.arrayElement(faker.definitions.internet.free_email),
  state: (faker) => faker.location.state(),
  country: (faker) => faker.location.country(),
  countryCode: (faker) => faker.location.countryCode('alpha-2'),
  postalCode: (faker) => faker.location.zipCode(),
  currencyCode: (faker) => faker.finance.currencyCode(),
  word: (faker) => faker.lorem.word(),
  stateCode: (faker) => faker.location.state({ abbreviated: true }),
};

/** Word pools for one seed and locale; each pool is built on first use. */
export interface Pools {
  get(name: PoolName): readonly string[];
}

function resolveLocale(locale: string | undefined): LocaleDefinition[] {
  const locales = allLocales as Record<string, LocaleDefinition>;
  const key = locale?.replace('-', '_');
  const chosen = key === undefined ? undefined : (locales[key] ?? locales[key.split('_')[0] ?? '']);
  return chosen && chosen !== en ? [chosen, en, base] : [en, base];
}

/** Creates lazily built pools for `seed` and `locale` (faker locale names such as `de`, `fr`, `en_GB`). */
export function createPools(seed: number, locale?: string): Pools {
  const built = new Map<PoolName, readonly string[]>();
  let faker: Faker | undefined;
  return {
    get(name) {
      const existing = built.get(name);
      if (existing) return existing;
      faker ??= new Faker({ locale: resolveLocale(locale) });
      faker.seed(mix32(deriveKey(seed, 'pool', locale ?? 'en', name)));
      const build = POOL_BUILDERS[name];
      let pool: string[];
      try {
        pool = Array.from({ length: POOL_SIZES[name] }, () => build(faker!));
      } catch {
        // The locale lacks this data set: fall back to English for this pool.
        const english = new Faker({ locale: [en, base] });
        english.seed(mix32(deriveKey(seed, 'pool', 'en', name)));
        pool = Array.from({ length: POOL_SIZES[name] }, () => build(english));
      }
      built.set(name, pool);
      return pool;
    },
  };
}

/** Pools shared by every generator of a run, keyed by locale. */
export function createPoolRegistry(seed: number): (locale?: string) => Pools {
  const registry = new Map<string, Pools>();
  return (locale) => {
    const key = locale ?? 'en';
    let pools = registry.get(key);
    if (!pools) {
      pools = createPools(seed, locale);
      registry.set(key, pools);
    }
    return pools;
  };
}
