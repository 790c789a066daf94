import { describe, expect, it } from 'vitest';
import { createGeneration } from '../../../src/generate/engine.js';
import type { DatasetTask } from '../../../src/tasks/types.js';
import { profileOf } from './shop-profile.js';

const ROWS = 6000;

const stores: DatasetTask = {
  version: 1,
  dataset: { source: 'shop', name: 'stores', local: 'stores', kind: 'table', writable: true, rows: ROWS },
  sampling: { method: 'full', rows: ROWS, seed: 1 },
  fields: [
    {
      name: 'region',
      type: { logical: 'string', native: 'char(2)', length: 2, fixed_length: true },
      nullable: false,
      generator: { kind: 'categorical', weights: { DE: 0.4, FR: 0.3, US: 0.2, JP: 0.1 } },
    },
    {
      name: 'num',
      type: { logical: 'integer', native: 'integer' },
      nullable: false,
      generator: { kind: 'histogram', bins: [[0, 2500, 1]], integer: true },
    },
  ],
  keys: { primary: { fields: ['region', 'num'] }, unique: [] },
  checks: [],
  indexes: [],
  relations: [],
  rules: [],
};

const profile = profileOf([stores]);

describe('a composite key of a category and a number', () => {
  it('makes the number unique within each category, keeping both distributions', async () => {
    const pairs = new Set<string>();
    const regions = new Map<string, number>();
    let largest = 0;
    for await (const batch of createGeneration(profile, { seed: 5 }).batches('stores')) {
      for (const row of batch) {
        pairs.add(`${row.region}/${row.num}`);
        regions.set(String(row.region), (regions.get(String(row.region)) ?? 0) + 1);
        largest = Math.max(largest, Number(row.num));
      }
    }
    expect(pairs.size).toBe(ROWS);
    expect(Object.fromEntries(regions)).toEqual({ DE: 2400, FR: 1800, US: 1200, JP: 600 });
    // Unique on its own, the number would need 6,000 values; within a category it stays in its range.
    expect(largest).toBeLessThanOrEqual(2500);
  });
});

describe('a partial unique index', () => {
  it('is kept as if it covered every row', async () => {
    const members: DatasetTask = {
      ...stores,
      dataset: { ...stores.dataset, name: 'members', local: 'members', rows: 3000 },
      fields: [
        {
          name: 'email',
          type: { logical: 'string', native: 'text' },
          nullable: false,
          generator: { kind: 'categorical', weights: { 'a@x.test': 0.5, 'b@x.test': 0.5 } },
        },
      ],
      keys: { unique: [{ fields: ['email'], via: 'index', predicate: '(NOT deleted)' }] },
    };
    const emails = new Set<string>();
    let rows = 0;
    for await (const batch of createGeneration(profileOf([members]), { seed: 2 }).batches('members')) {
      for (const row of batch) emails.add(String(row.email));
      rows += batch.length;
    }
    expect(emails.size).toBe(rows);
  });
});

describe('a composite key of a reference and a category', () => {
  // MySQL's world sample: countrylanguage (CountryCode, Language), a few languages per country.
  const countries: DatasetTask = {
    version: 1,
    dataset: { source: 'world', name: 'country', local: 'country', kind: 'table', writable: true, rows: 240 },
    sampling: { method: 'full', rows: 240, seed: 1 },
    fields: [
      {
        name: 'Code',
        type: { logical: 'string', native: 'char(3)', length: 3, fixed_length: true },
        nullable: false,
        generator: { kind: 'pattern', pattern: '[A-Z]{3}', unique: true },
      },
    ],
    keys: { primary: { fields: ['Code'] }, unique: [] },
    checks: [],
    indexes: [],
    relations: [],
    rules: [],
  };
  const languages = ['English', 'Spanish', 'Arabic', 'French', 'German', 'Hindi', 'Swahili', 'Malay'];
  const countryLanguages: DatasetTask = {
    ...countries,
    dataset: { ...countries.dataset, name: 'countrylanguage', local: 'countrylanguage', rows: 1000 },
    sampling: { method: 'full', rows: 1000, seed: 1 },
    fields: [
      {
        name: 'CountryCode',
        type: { logical: 'string', native: 'char(3)', length: 3, fixed_length: true },
        nullable: false,
        generator: { kind: 'reference', dataset: 'country', field: 'Code' },
      },
      {
        name: 'Language',
        type: { logical: 'string', native: 'char(30)', length: 30, fixed_length: true },
        nullable: false,
        generator: {
          kind: 'categorical',
          weights: Object.fromEntries(languages.map((language, i) => [language, i < 2 ? 0.25 : 0.5 / 6])),
        },
      },
    ],
    keys: { primary: { fields: ['CountryCode', 'Language'] }, unique: [] },
    relations: [
      {
        from: { dataset: 'countrylanguage', fields: ['CountryCode'] },
        to: { dataset: 'country', fields: ['Code'] },
        declared: true,
        cardinality: { childless: 0, null_share: 0, p50: 4, p95: 8, max: 12, histogram: [[1, 12, 1]] },
      },
    ],
  };

  it("gives each parent's children distinct categories, keeping their shares, past them unique values", async () => {
    const pairs = new Set<string>();
    const counts = new Map<string, number>();
    let rows = 0;
    const generation = createGeneration(profileOf([countries, countryLanguages]), { seed: 3 });
    for await (const batch of generation.batches('countrylanguage')) {
      for (const row of batch) {
        pairs.add(`${row.CountryCode}/${row.Language}`);
        const language = languages.includes(String(row.Language)) ? String(row.Language) : 'tail';
        counts.set(language, (counts.get(language) ?? 0) + 1);
        rows++;
      }
    }
    expect(pairs.size).toBe(rows);
    // Countries with more than eight languages take values unique over the table for the rest.
    expect((counts.get('tail') ?? 0) / rows).toBeLessThan(0.15);
    expect((counts.get('English') ?? 0) / rows).toBeGreaterThan(0.12);
    expect((counts.get('Malay') ?? 0) / rows).toBeGreaterThan(0.05);
  });
});

describe('a composite key of a reference and a date', () => {
  const employees: DatasetTask = {
    ...stores,
    dataset: { ...stores.dataset, name: 'employees', local: 'employees', rows: 500 },
    sampling: { method: 'full', rows: 500, seed: 1 },
    fields: [
      {
        name: 'emp_no',
        type: { logical: 'integer', native: 'integer' },
        nullable: false,
        generator: { kind: 'sequence', start: 10001, step: 1 },
      },
    ],
    keys: { primary: { fields: ['emp_no'] }, unique: [] },
  };
  /** 4,000 rows of `name` (8 per employee) keyed by the employee, `others` and a date of 2000-2004. */
  const historyOf = (name: string, others: DatasetTask['fields']): DatasetTask => ({
    ...employees,
    dataset: { ...employees.dataset, name, local: name, rows: 4000 },
    sampling: { method: 'full', rows: 4000, seed: 1 },
    fields: [
      {
        name: 'emp_no',
        type: { logical: 'integer', native: 'integer' },
        nullable: false,
        generator: { kind: 'reference', dataset: 'employees', field: 'emp_no' },
      },
      ...others,
      {
        name: 'from_date',
        type: { logical: 'date', native: 'date' },
        nullable: false,
        generator: { kind: 'histogram', bins: [['2000-01-01', '2005-01-01', 1]] },
      },
    ],
    keys: { primary: { fields: ['emp_no', ...others.map((field) => field.name), 'from_date'] }, unique: [] },
    relations: [
      {
        from: { dataset: name, fields: ['emp_no'] },
        to: { dataset: 'employees', fields: ['emp_no'] },
        declared: true,
        cardinality: { childless: 0, null_share: 0, p50: 8, p95: 16, max: 18, histogram: [[1, 18, 1]] },
      },
    ],
  });
  /** The rows' keys as text, and the latest date. */
  async function keysOf(history: DatasetTask): Promise<{ keys: string[]; latest: string }> {
    const keys: string[] = [];
    let latest = '';
    const fields = history.keys.primary!.fields;
    for await (const batch of createGeneration(profileOf([employees, history]), { seed: 4 }).batches(
      history.dataset.name,
    ))
      for (const row of batch) {
        keys.push(fields.map((name) => String(row[name])).join('/'));
        if (String(row.from_date) > latest) latest = String(row.from_date);
      }
    return { keys, latest };
  }

  it("keeps the dates distinct within each parent and in their range (employees' salaries)", async () => {
    const { keys, latest } = await keysOf(historyOf('salaries', []));
    expect(new Set(keys).size).toBe(keys.length);
    // Unique over the whole table, 4,000 dates would walk past the 1,827 days of the range; within each
    // employee they stay in it.
    expect(latest <= '2005-01-01').toBe(true);
  });

  it("does the same with a category in the key (employees' titles (emp_no, title, from_date))", async () => {
    const title: DatasetTask['fields'][number] = {
      name: 'title',
      type: { logical: 'string', native: 'varchar' },
      nullable: false,
      generator: { kind: 'categorical', weights: { Staff: 0.5, Engineer: 0.5 } },
    };
    const { keys, latest } = await keysOf(historyOf('titles', [title]));
    expect(new Set(keys).size).toBe(keys.length);
    expect(latest <= '2005-01-01').toBe(true);
  });
});

describe('keys over part of a composite reference (the airline demo database)', () => {
  // boarding_passes (ticket_no, flight_id) references ticket_flights, its primary key too: one pass per
  // ticket and flight. UNIQUE (flight_id, boarding_no) holds only part of that reference: the passes of one
  // flight belong to many ticket_flights rows.
  const text = (length: number) => ({ logical: 'string', native: `char(${length})`, length }) as const;
  const flights: DatasetTask = {
    ...stores,
    dataset: { ...stores.dataset, name: 'flights', local: 'flights', rows: 40 },
    fields: [
      {
        name: 'flight_id',
        type: { logical: 'integer', native: 'integer' },
        nullable: false,
        generator: { kind: 'sequence', start: 1, step: 1 },
      },
    ],
    keys: { primary: { fields: ['flight_id'] }, unique: [] },
  };
  const ticketFlights: DatasetTask = {
    ...stores,
    dataset: { ...stores.dataset, name: 'ticket_flights', local: 'ticket_flights', rows: 1200 },
    fields: [
      {
        name: 'ticket_no',
        type: text(13),
        nullable: false,
        generator: { kind: 'pattern', pattern: '0005432[0-9]{6}', unique: true },
      },
      {
        name: 'flight_id',
        type: { logical: 'integer', native: 'integer' },
        nullable: false,
        generator: { kind: 'reference', dataset: 'flights', field: 'flight_id' },
      },
    ],
    keys: { primary: { fields: ['ticket_no', 'flight_id'] }, unique: [] },
    relations: [
      {
        from: { dataset: 'ticket_flights', fields: ['flight_id'] },
        to: { dataset: 'flights', fields: ['flight_id'] },
        declared: true,
        cardinality: { childless: 0, null_share: 0, p50: 30, p95: 40, max: 50, histogram: [[20, 40, 1]] },
      },
    ],
  };
  const boardingPasses: DatasetTask = {
    ...stores,
    dataset: { ...stores.dataset, name: 'boarding_passes', local: 'boarding_passes', rows: 1000 },
    fields: [
      ...ticketFlights.fields.map((field) => ({
        ...field,
        generator: { kind: 'reference', dataset: 'ticket_flights', field: field.name } as const,
      })),
      {
        name: 'boarding_no',
        type: { logical: 'integer', native: 'integer' },
        nullable: false,
        generator: {
          kind: 'categorical',
          weights: Object.fromEntries(Array.from({ length: 28 }, (_, i) => [String(i + 1), 1 / 28])),
        },
      },
      {
        name: 'seat_no',
        type: { logical: 'string', native: 'varchar(4)', length: 4 },
        nullable: false,
        generator: { kind: 'categorical', weights: { '1A': 0.25, '1B': 0.25, '2A': 0.25, '2B': 0.25 } },
      },
    ],
    keys: {
      primary: { fields: ['ticket_no', 'flight_id'] },
      unique: [
        { fields: ['flight_id', 'boarding_no'], via: 'constraint' },
        { fields: ['flight_id', 'seat_no'], via: 'constraint' },
      ],
    },
    // Seats measured as given out in boarding order: the key wins over the rule.
    rules: [
      { kind: 'depends', fields: ['boarding_no'], determines: 'seat_no', pairs: { '1': '1A', '2': '1B' } },
    ],
    relations: [
      {
        from: { dataset: 'boarding_passes', fields: ['ticket_no', 'flight_id'] },
        to: { dataset: 'ticket_flights', fields: ['ticket_no', 'flight_id'] },
        declared: true,
        cardinality: { childless: 0.15, null_share: 0, p50: 1, p95: 1, max: 2, histogram: [[1, 2, 1]] },
      },
    ],
  };

  it('gives each ticket and flight one pass at most, and no flight a boarding number or a seat twice', async () => {
    const generation = createGeneration(profileOf([flights, ticketFlights, boardingPasses]), { seed: 4 });
    const passes = new Set<string>();
    const boardings = new Set<string>();
    const seats = new Set<string>();
    let rows = 0;
    for await (const batch of generation.batches('boarding_passes'))
      for (const row of batch) {
        passes.add(`${row.ticket_no}/${row.flight_id}`);
        boardings.add(`${row.flight_id}/${row.boarding_no}`);
        seats.add(`${row.flight_id}/${row.seat_no}`);
        rows++;
      }
    expect(rows).toBe(1000);
    expect(passes.size).toBe(rows);
    expect(boardings.size).toBe(rows);
    expect(seats.size).toBe(rows);
  });

  it('refuses more passes than ticket_flights has rows', async () => {
    const more = { ...boardingPasses, dataset: { ...boardingPasses.dataset, rows: 1500 } };
    const generate = async () => {
      const generation = createGeneration(profileOf([flights, ticketFlights, more]), { seed: 4 });
      for await (const _ of generation.batches('boarding_passes'));
    };
    await expect(generate()).rejects.toThrow(/1500 rows cannot have distinct \(ticket_no, flight_id\)/);
  });
});
