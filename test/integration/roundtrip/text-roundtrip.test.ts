/**
 * The round trip for text (test/fixtures/postgres/text-*.sql, our own values shaped like real-world cases):
 * nearly unique first and last names (no row numbers may be appended), upper-case names and places, emails
 * at company domains with first.last, FLAST99 and name1234 local parts (unique, written in their measured
 * shapes, capitals included), unique upper-case titles of two or three words,
 * longer descriptions, a unique 16-character phone in two formats, and short codes in a char(8) column.
 * Profiled with every row, generated into a fresh database through `doppel generate`, re-profiled and
 * compared: every metric of docs/validating.md (length-ks, tv, distinct-ratio, classes, case) within its bound,
 * but for gaps still open (listed below: none today).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Profile } from '../../../src/tasks/index.js';
import { compareProfiles } from '../../../src/validate/compare.js';
import { formatComparison } from '../../../src/validate/format-comparison.js';
import type { TestDatabase } from '../../helpers/test-database.js';
import { countRows, roundTripFixture } from './roundtrip-steps.js';

const databases: TestDatabase[] = [];
let expected: Profile;
let actual: Profile;
let target: TestDatabase;

beforeAll(async () => {
  ({ expected, actual, target } = await roundTripFixture('text', databases));
}, 600_000);

afterAll(async () => {
  for (const database of databases) await database.drop();
});

/**
 * Known open gaps, each a generator limitation still to fix (not a loosened bound), as
 * `dataset field metric`: the test fails if one of them starts passing, so the entry is removed with the fix.
 */
const KNOWN_GAPS = new Set<string>([]);

/** The shares of a field's kept email domains or local-part shapes, by value. */
function sharesOf(
  profile: Profile,
  dataset: string,
  field: string,
  kind: 'domains' | 'local_shapes',
): Map<string, number> {
  const task = profile.datasets.find((candidate) => candidate.dataset.name === dataset);
  const stats = task?.fields.find((candidate) => candidate.name === field)?.stats;
  return new Map((stats?.[kind] ?? []).map((entry) => [entry.value, entry.share]));
}

describe('text round trip on PostgreSQL', () => {
  it('loads every row', async () => {
    const counts = await countRows(target.url, expected);
    for (const task of expected.datasets) expect(counts[task.dataset.name]).toBe(task.dataset.rows);
    for (const task of expected.datasets) expect(task.dataset.rows).toBeGreaterThanOrEqual(5000);
  });

  it('keeps the company domains of emails with their shares', () => {
    const measured = sharesOf(expected, 'tx.contacts', 'email', 'domains');
    expect([...measured.keys()].sort()).toEqual([
      'contoso-mail.example',
      'fabrikam.example',
      'northwind.example',
    ]);
    const generated = sharesOf(actual, 'tx.contacts', 'email', 'domains');
    for (const [domain, share] of measured)
      expect(Math.abs((generated.get(domain) ?? 0) - share), domain).toBeLessThan(0.05);
  });

  it('writes email local parts in their measured shapes, unique ones too', () => {
    const measured = sharesOf(expected, 'tx.contacts', 'email', 'local_shapes');
    const generated = sharesOf(actual, 'tx.contacts', 'email', 'local_shapes');
    const shapes = new Set([...measured.keys(), ...generated.keys()]);
    let variation = 0;
    for (const shape of shapes)
      variation += Math.abs((measured.get(shape) ?? 0) - (generated.get(shape) ?? 0)) / 2;
    console.log(
      `email local shapes: measured ${JSON.stringify([...measured])}, generated ${JSON.stringify([...generated])}, tv ${variation.toFixed(3)}`,
    );
    expect(variation).toBeLessThan(0.15);
  });

  it('generates text that matches the measured text', () => {
    const comparison = compareProfiles(expected, actual);
    console.log(`text round trip:\n${formatComparison(comparison)}`);
    expect(comparison.drift).toEqual([]);
    const failures = comparison.metrics
      .filter((metric) => !metric.ok)
      .map((metric) => `${metric.dataset} ${metric.subject} ${metric.metric}`);
    expect(failures.filter((failure) => !KNOWN_GAPS.has(failure))).toEqual([]);
    for (const gap of KNOWN_GAPS) expect(failures, gap).toContain(gap);
    const metrics = new Set(comparison.metrics.map((metric) => metric.metric));
    for (const metric of ['length-ks', 'distinct-ratio', 'classes', 'case'] as const)
      expect(metrics.has(metric)).toBe(true);
  });
});
