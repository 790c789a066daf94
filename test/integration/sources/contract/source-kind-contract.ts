/**
 * The source-kind contract suite: one parameterised set of tests that every kind runs against its real
 * server (source-kinds.test.ts lists them). A kind takes part through a {@link ContractHarness}: a fresh
 * place to work in, its address, and its DDL for the neutral fixture.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Catalog, Dataset } from '../../../../src/catalog/model.js';
import type { Row, Value } from '../../../../src/catalog/values.js';
import { profileSource } from '../../../../src/profile/run.js';
import type { Address } from '../../../../src/shared/address.js';
import { silentLogger } from '../../../../src/shared/log.js';
import type { SourceKind, SourceSession, TargetSession } from '../../../../src/sources/contract.js';
import { datasetFileName } from '../../../../src/tasks/file-name.js';
import type { Profile } from '../../../../src/tasks/index.js';
import { compareProfiles } from '../../../../src/validate/compare.js';
import { formatComparison } from '../../../../src/validate/format-comparison.js';
import { generateInto, saveAndReload } from '../../roundtrip/roundtrip-steps.js';
import { toDatasetTaskForTest } from '../postgres/catalog-to-tasks.js';
import { NEUTRAL_FIXTURE, type NeutralDataset } from './neutral-fixture.js';

export interface ContractPlace {
  readonly address: Address;
  /** The same address as a user types it on the command line. */
  readonly typed: string;
  /** The namespace the fixture lives in (qualified dataset names are `<namespace>.<name>`). */
  readonly namespace: string;
  /** Creates the fixture's datasets and rows. */
  createFixture(fixture: readonly NeutralDataset[]): Promise<void>;
  dispose(): Promise<void>;
}

export interface ContractHarness {
  readonly kind: SourceKind;
  /** A fresh database (or folder) of the kind's server for this suite alone. */
  createPlace(): Promise<ContractPlace>;
  /**
   * A document store (MongoDB): its schema is inferred, keyed by `_id`, without declared references or
   * checks, so the extraction case checks field names and type families instead of declared constraints.
   */
  readonly documents?: boolean;
  /** The kind's own open gaps in the round trip, as `contract.<dataset> <subject> <metric>` (default below). */
  readonly knownGaps?: readonly string[];
  /** The known gaps may hold in a run (its generation differs from run to run): not required to fail. */
  readonly gapsMayHold?: boolean;
}

const options = { log: silentLogger, name: 'contract' };

/** Datasets with at least this many rows are held to every distribution metric in the round trip. */
const MEASURED_ROWS = 1_000;

/**
 * Known open gaps, as `dataset subject metric`, each a generator limitation still to fix (not a loosened bound):
 * the test fails when one starts passing, so the entry goes with the fix.
 */
const DEFAULT_KNOWN_GAPS = new Set<string>([
  // Birth dates on a grid (only days 10-19 of each month): KS 0.06 against 0.05, not yet explained.
  'contract.people born ks',
]);

async function readAll(session: SourceSession, dataset: Dataset): Promise<Row[]> {
  if (!session.sample) throw new Error('the kind has no rows to sample');
  const rows: Row[] = [];
  for await (const row of session.sample(dataset, { rows: 1_000_000, seconds: 3600, seed: 1, full: true }))
    rows.push(row);
  return rows;
}

/** Logical types by family, for kinds that infer their schema (a decimal may be read as a float). */
const TYPE_FAMILIES: Readonly<Record<string, string>> = {
  integer: 'number',
  decimal: 'number',
  float: 'number',
  string: 'text',
  boolean: 'boolean',
  date: 'time',
  timestamp: 'time',
  timestamptz: 'time',
  opaque: 'none',
};

/** The namespace datasets are compared under in the round trip, whatever a place is called. */
const CANONICAL_NAMESPACE = 'contract';

/**
 * `profile` with the namespace `from` renamed `to` in every dataset name and reference, and task file names
 * to match (a no-op when equal).
 */
function renameNamespace(profile: Profile, from: string, to: string): Profile {
  if (from === to) return profile;
  const text = JSON.stringify(profile)
    .replaceAll(`"${from}.`, `"${to}.`)
    .replaceAll(`"namespace":"${from}"`, `"namespace":"${to}"`);
  const renamed = JSON.parse(text) as Profile;
  const datasets = renamed.plan.datasets.map((entry) => ({
    ...entry,
    file: datasetFileName(undefined, entry.name),
  }));
  return { ...renamed, plan: { ...renamed.plan, datasets } };
}

/** A value as text, so that engines' number, decimal and date representations compare alike. */
function normalise(value: Value): string {
  if (value === null) return 'null';
  if (value instanceof Date) return value.toISOString();
  return String(value);
}

export function runSourceKindContract(harness: ContractHarness): void {
  const { kind } = harness;
  describe(`source kind contract: ${kind.displayName}`, () => {
    let place: ContractPlace;
    let catalog: Catalog;
    const qualified = (name: string) => `${place.namespace}.${name}`;
    const datasetOf = (name: string) => {
      const found = catalog.datasets.find((dataset) => dataset.name === qualified(name));
      if (!found) throw new Error(`${qualified(name)} was not extracted`);
      return found;
    };
    const openSource = () => {
      if (!kind.openSource) throw new Error(`${kind.id} cannot be opened as a source`);
      return kind.openSource(place.address, options);
    };
    const openTarget = (): Promise<TargetSession> => {
      if (!kind.openTarget) throw new Error(`${kind.id} cannot be opened as a target`);
      return kind.openTarget(place.address, options);
    };

    /** Every row of the fixture's namespace at `at`, profiled as the CLI would (a fixed clock). */
    const profileAll = async (at: ContractPlace): Promise<Profile> => {
      if (!kind.openSource) throw new Error(`${kind.id} cannot be opened as a source`);
      const session = await kind.openSource(at.address, options);
      try {
        return await profileSource(session, {
          profile: 'contract',
          filter: { namespaces: [at.namespace] },
          sampling: { full: true, seconds: 600 },
          now: () => new Date('2024-01-01T00:00:00Z'),
        });
      } finally {
        await session.close();
      }
    };

    beforeAll(async () => {
      place = await harness.createPlace();
      await place.createFixture(NEUTRAL_FIXTURE);
      const session = await openSource();
      try {
        catalog = await session.extract({ namespaces: [place.namespace] });
      } finally {
        await session.close();
      }
    });
    afterAll(async () => place?.dispose());

    it('declares what it is and what it can do', () => {
      expect(kind.addressKinds).toContain(place.address.kind);
      expect(kind.schemes.length).toBeGreaterThan(0);
      expect(kind.capabilities.samplingMethods.length).toBeGreaterThan(0);
      expect(typeof kind.capabilities.deleteByKeys).toBe('boolean');
    });

    it.runIf(harness.documents === true)(
      'infers the neutral fixture: every field in its type family, _id the key',
      () => {
        for (const expected of NEUTRAL_FIXTURE) {
          const dataset = datasetOf(expected.name);
          expect(dataset.primaryKey?.fields, expected.name).toEqual(['_id']);
          const inferred = new Map(dataset.fields.map((field) => [field.name, field.type.logical]));
          for (const field of expected.fields)
            expect(
              TYPE_FAMILIES[inferred.get(field.name) ?? 'opaque'],
              `${expected.name}.${field.name}`,
            ).toBe(TYPE_FAMILIES[field.logical]);
          // The primary key of the fixture is a unique index.
          expect(dataset.uniques.map((unique) => unique.fields)).toContainEqual(expected.primary);
        }
      },
    );

    it.runIf(harness.documents !== true)(
      'extracts the neutral fixture: types, keys, a composite key, a self-reference, references, a check',
      () => {
        for (const expected of NEUTRAL_FIXTURE) {
          const dataset = datasetOf(expected.name);
          expect(
            dataset.fields.map((field) => ({
              name: field.name,
              logical: field.type.logical,
              nullable: field.nullable,
              ...(field.type.length !== undefined ? { length: field.type.length } : {}),
              ...(field.type.precision !== undefined ? { precision: field.type.precision } : {}),
              ...(field.type.scale !== undefined ? { scale: field.type.scale } : {}),
            })),
            expected.name,
          ).toEqual(expected.fields);
          expect(dataset.primaryKey?.fields, expected.name).toEqual(expected.primary);
          const references = catalog.relations
            .filter((relation) => relation.from.dataset === dataset.name)
            .map((relation) => ({
              fields: relation.from.fields,
              to: relation.to.dataset,
              toFields: relation.to.fields,
              declared: relation.declared,
            }))
            .sort((a, b) => a.fields.join().localeCompare(b.fields.join()));
          expect(references, expected.name).toEqual(
            expected.references
              .map((reference) => ({ ...reference, to: qualified(reference.to), declared: true }))
              .sort((a, b) => a.fields.join().localeCompare(b.fields.join())),
          );
          expect(
            dataset.checks.map((check) => check.parsed),
            expected.name,
          ).toEqual(expected.checks.map((check) => ({ kind: 'range', field: check.field, min: check.min })));
          expect(dataset.rowEstimate === null || dataset.rowEstimate >= 0).toBe(true);
        }
        // Type facts come with the types: the generator reads nothing else.
        const people = datasetOf('people');
        expect(people.fields.find((field) => field.name === 'id')?.type.bits).toBeGreaterThanOrEqual(32);
        expect(people.fields.find((field) => field.name === 'score')?.type.bits).toBe(64);
      },
    );

    it('samples within the row and the time budget, and writes nothing', async () => {
      const people = datasetOf('people');
      const session = await openSource();
      try {
        if (!session.sample) throw new Error('the kind has no rows to sample');
        const budget = 50;
        const sampled: Row[] = [];
        const stream = session.sample(people, { rows: budget, seconds: 3600, seed: 7, full: false });
        for await (const row of stream) sampled.push(row);
        expect(sampled.length).toBeLessThanOrEqual(budget);
        expect(kind.capabilities.samplingMethods).toContain(stream.method);
        expect(stream.truncated()).toBe(false);
        // A time budget of zero seconds stops the stream after its first read.
        const hurried = session.sample(people, { rows: 1_000_000, seconds: 0, seed: 7, full: true });
        let read = 0;
        for await (const _row of hurried) read++;
        // Stopped early only when the budget ran out, and then it says so.
        const all = NEUTRAL_FIXTURE[1]!.rows.length;
        expect(read === all || hurried.truncated()).toBe(true);
        expect(await readAll(session, people)).toHaveLength(all);
      } finally {
        await session.close();
      }
      const check = await openSource();
      try {
        for (const expected of NEUTRAL_FIXTURE)
          expect(await readAll(check, datasetOf(expected.name))).toHaveLength(expected.rows.length);
      } finally {
        await check.close();
      }
    });

    it('loads, counts and deletes by keys', async () => {
      const teams = toDatasetTaskForTest(catalog, datasetOf('teams'));
      const rows: Row[] = [
        { id: 1001, title: 'loaded one', budget: '10.50' },
        { id: 1002, title: 'loaded two', budget: null },
        { id: 1003, title: 'loaded three', budget: '0.00' },
      ];
      const target = await openTarget();
      try {
        const loaded = await target.load(
          teams,
          (async function* () {
            yield* rows;
          })(),
          { mode: 'append' },
        );
        expect(loaded).toBe(3);
        if (kind.capabilities.deleteByKeys) {
          if (!target.deleteByKeys) throw new Error('the kind says it deletes by key but its target cannot');
          expect(await target.deleteByKeys(teams, ['id'], [[1001], [1003], [9999]])).toBe(2);
        }
      } finally {
        await target.close();
      }
      const session = await openSource();
      try {
        const after = (await readAll(session, datasetOf('teams'))).filter((row) => Number(row.id) > 1000);
        expect(after.map((row) => Number(row.id))).toEqual(
          kind.capabilities.deleteByKeys ? [1002] : [1001, 1002, 1003],
        );
      } finally {
        await session.close();
      }
    });

    it('round trip: rows written through the target and the fixture rows read back with the same values', async () => {
      const memberships = toDatasetTaskForTest(catalog, datasetOf('memberships'));
      const people = datasetOf('people');
      const extra: Row[] = [{ team_id: 2, person_id: 300, since: '2024-12-31T23:59:59' }];
      const target = await openTarget();
      try {
        await target.load(
          memberships,
          (async function* () {
            yield* extra;
          })(),
          { mode: 'append' },
        );
      } finally {
        await target.close();
      }
      const session = await openSource();
      try {
        const read = await readAll(session, datasetOf('memberships'));
        expect(read).toHaveLength(NEUTRAL_FIXTURE[2]!.rows.length + 1);
        const back = read.find((row) => row.team_id === 2 && row.person_id === 300);
        expect(
          back &&
            normalise(back.since ?? null)
              .replace(' ', 'T')
              .slice(0, 19),
        ).toBe('2024-12-31T23:59:59');
        const original = new Map(NEUTRAL_FIXTURE[1]!.rows.map((row) => [Number(row.id), row]));
        for (const row of await readAll(session, people)) {
          const expected = original.get(Number(row.id))!;
          expect(normalise(row.team_id ?? null)).toBe(normalise(expected.team_id ?? null));
          expect(normalise(row.mentor_id ?? null)).toBe(normalise(expected.mentor_id ?? null));
          expect(normalise(row.active ?? null)).toBe(normalise(expected.active ?? null));
          expect(row.score === null ? null : Number(row.score)).toBe(expected.score ?? null);
        }
      } finally {
        await session.close();
      }
    });

    it('round trip: profile, generate into a fresh place with its schema, re-profile, compare within the default bounds', async () => {
      // Datasets go by one namespace whatever the place is called (a MySQL or MongoDB place is a database with a
      // random name), so that the generator's seeded streams, which follow dataset names, are the same in every
      // run; a target writes them into the database its address names.
      const { dir, profile: expected } = await saveAndReload(
        renameNamespace(await profileAll(place), place.namespace, CANONICAL_NAMESPACE),
      );
      const fresh = await harness.createPlace();
      try {
        // The load succeeding is the constraint test: keys, references and the check hold in the new place.
        await generateInto(dir, fresh.typed, ['--create-schema']);
        const actual = renameNamespace(await profileAll(fresh), fresh.namespace, CANONICAL_NAMESPACE);
        for (const task of expected.datasets) {
          const rows = actual.datasets.find((other) => other.dataset.name === task.dataset.name)?.dataset
            .rows;
          expect(rows, task.dataset.name).toBe(task.dataset.rows);
        }
        const comparison = compareProfiles(expected, actual);
        expect(comparison.drift, formatComparison(comparison)).toEqual([]);
        // The default bounds are for measured distributions, not for a handful of rows: a lookup table of 40
        // rows is held to its keys and row count only.
        const measured = (dataset: string) =>
          (expected.datasets.find((task) => task.dataset.name === dataset)?.dataset.rows ?? 0) >=
          MEASURED_ROWS;
        const compared = comparison.metrics.filter((metric) => measured(metric.dataset));
        expect(compared.length).toBeGreaterThan(NEUTRAL_FIXTURE.length);
        const failures = compared
          .filter((metric) => !metric.ok)
          .map((metric) => `${metric.dataset} ${metric.subject} ${metric.metric}`);
        const knownGaps = harness.knownGaps ? new Set(harness.knownGaps) : DEFAULT_KNOWN_GAPS;
        expect(
          failures.filter((failure) => !knownGaps.has(failure)),
          formatComparison(comparison),
        ).toEqual([]);
        if (!harness.gapsMayHold)
          for (const gap of knownGaps)
            expect(failures, `${gap} now holds: remove it from KNOWN_GAPS`).toContain(gap);
      } finally {
        await fresh.dispose();
      }
    });
  });
}
