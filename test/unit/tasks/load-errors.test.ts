// Every error path of the loader: the exact problem lines (file:line:col path: message) for the broken
// fixtures, and single documents with version, YAML and shape problems.
import { describe, expect, test } from 'vitest';
import { EXIT } from '../../../src/shared/errors.js';
import { checkDocumentText } from '../../../src/tasks/check-document.js';
import {
  formatProblem,
  loadDatasetTask,
  loadPlan,
  loadProfile,
  ProfileError,
} from '../../../src/tasks/index.js';

const FIXTURES = 'test/fixtures/profiles';

/** The problem lines of loading `name`, with the fixture folder prefix removed for readability. */
async function problemLines(name: string): Promise<string[]> {
  const error = await loadProfile(`${FIXTURES}/${name}`).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(ProfileError);
  const profileError = error as ProfileError;
  expect(profileError.exitCode).toBe(EXIT.invalidInput);
  return profileError.problems.map((problem) => formatProblem(problem).replace(`${FIXTURES}/${name}/`, ''));
}

function documentLines(kind: 'plan' | 'dataset', text: string): string[] {
  return checkDocumentText(kind, text, 'x.yaml').problems.problems.map(formatProblem);
}

describe('loadProfile error paths', () => {
  test('schema problems: every one at once, with human messages and positions', async () => {
    expect(await problemLines('broken-schema')).toEqual([
      'public.users.yaml:8:9 dataset.rows: must be a whole number',
      'public.users.yaml:11:5 fields[0]: missing required key "nullable"',
      'public.users.yaml:13:5 fields[0].nulable: unknown key "nulable" (allowed: name, type, nullable, key, default, identity, sequence, generated, collation, comment, semantic, generator, stats, fields, element, map); did you mean "nullable"?',
      'public.users.yaml:16:22 fields[1].type.logical: must be one of boolean, integer, float, decimal, string, enum, uuid, date, time, timestamp, timestamptz, interval, binary, json, array, object, inet, cidr, macaddr, bit, tsvector, range, opaque',
      'public.users.yaml:18:24 fields[1].generator.kind: must be one of sequence, categorical, histogram, pattern, semantic, reference, constant, uuid, document, array, boolean, text, null, database',
      'public.users.yaml:19:5 fields[2]: missing required key "generator"',
      'public.users.yaml:25:49 fields[3].generator.bins[0][2]: must be a number',
      'public.users.yaml:30:47 fields[3].element.generator.true_share: must be <= 1',
      'public.users.yaml:30:52 fields[3].element.generator.color: unknown key "color" (allowed: kind, true_share, nulls, unique, edited)',
      'public.users.yaml:36:30 rules[0].fields: must have at least 2 items',
    ]);
  });

  test('cross-file problems: missing and unsafe files, unknown sources, datasets and fields, unlisted files', async () => {
    expect(await problemLines('broken-references')).toEqual([
      'plan.yaml:11:46 datasets[2].file: file public.gone.yaml does not exist in the profile folder',
      'plan.yaml:12:48 datasets[3].file: must be a plain file name ending in .yaml, inside the profile folder',
      'plan.yaml:13:15 datasets[4].source: names no source listed under "sources" (known: shop)',
      'plan.yaml:13:42 datasets[4].file: file contacts.yaml does not exist in the profile folder',
      'public.users.yaml:2:32 dataset.name: is "public.user" but plan.yaml lists this file for dataset "public.users"',
      'public.users.yaml:9:11 fields[1].name: field "id" appears twice',
      'public.users.yaml:14:23 keys.primary.fields[0]: names no field of this dataset ("uid")',
      'public.users.yaml:20:48 rules[0].determines: names no field of this dataset ("email")',
      'public.orders.yaml:12:65 fields[1].generator.field: names no field of dataset "public.users"',
      'public.orders.yaml:16:44 fields[2].generator.dataset: names no dataset of source "shop" ("public.coupons"); add "source:" for a dataset of another source',
      'public.orders.yaml:22:42 relations[0].to.fields: must name as many fields as "from" (1)',
      'public.orders.yaml:22:47 relations[0].to.fields[1]: names no field of dataset "public.users" ("tenant")',
      'stray.yaml:1:1: is not listed in plan.yaml (add it under "datasets" or remove the file)',
    ]);
  });

  test('YAML problems: the first syntax error, duplicate keys by name, a document that is not a mapping', async () => {
    expect(await problemLines('broken-yaml')).toEqual([
      'public.syntax.yaml:3:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
      'public.dupes.yaml:5:1: duplicate key "fields" (each key may appear once in a mapping)',
      'public.list.yaml:1:1: must be a mapping with a "version" key (a task file)',
    ]);
  });

  test('a plan newer than this doppel supports', async () => {
    expect(await problemLines('broken-version')).toEqual([
      'plan.yaml:1:10 version: version 2 is newer than this doppel supports (1); upgrade doppel to read it',
    ]);
  });

  test('a folder without plan.yaml, and a folder that does not exist', async () => {
    expect(await problemLines('broken-no-plan')).toEqual([
      'plan.yaml: missing: a profile folder needs a plan.yaml',
    ]);
    expect(await problemLines('does-not-exist')).toEqual([
      `${FIXTURES}/does-not-exist: profile folder does not exist`,
    ]);
  });

  test('the error message is one sentence; the details list every problem', async () => {
    const error = (await loadProfile(`${FIXTURES}/broken-yaml`).catch(
      (thrown: unknown) => thrown,
    )) as ProfileError;
    expect(error.message).toBe(`${FIXTURES}/broken-yaml has 3 problems.`);
    expect(error.details).toEqual(error.problems.map(formatProblem));
    expect(error.kind).toBe('invalidInput');
  });

  test('single files load on their own, and fail with the file named', async () => {
    const task = await loadDatasetTask(`${FIXTURES}/example/shop+public.orders.yaml`);
    expect(task.dataset.name).toBe('public.orders');
    const plan = await loadPlan(`${FIXTURES}/example/plan.yaml`);
    expect(plan.datasets).toHaveLength(5);
    await expect(loadPlan(`${FIXTURES}/broken-version/plan.yaml`)).rejects.toThrow(
      `${FIXTURES}/broken-version/plan.yaml:1:10 version: version 2 is newer than this doppel supports (1); upgrade doppel to read it`,
    );
    await expect(loadDatasetTask(`${FIXTURES}/nothing.yaml`)).rejects.toThrow(
      `${FIXTURES}/nothing.yaml: file does not exist`,
    );
  });
});

describe('single document problems', () => {
  test('version: missing, not a number, newer, a dataset with the plan version key layout', () => {
    expect(documentLines('dataset', 'dataset: {}\n')).toEqual(['x.yaml:1:1: missing required key "version"']);
    expect(documentLines('dataset', 'version: "1"\n')).toEqual([
      'x.yaml:1:10 version: must be a whole number from 1 to 1',
    ]);
    expect(documentLines('dataset', '\n\nversion: 7\n')).toEqual([
      'x.yaml:3:10 version: version 7 is newer than this doppel supports (1); upgrade doppel to read it',
    ]);
  });

  test('empty and scalar documents', () => {
    expect(documentLines('plan', '')).toEqual([
      'x.yaml:1:1: must be a mapping with a "version" key (a task file)',
    ]);
    expect(documentLines('plan', '42\n')).toEqual([
      'x.yaml:1:1: must be a mapping with a "version" key (a task file)',
    ]);
  });

  test('missing top-level keys point at the document; unknown ones at the key', () => {
    expect(documentLines('plan', 'version: 1\nprofile: p\nextra: 1\n')).toEqual([
      'x.yaml:1:1: missing required key "taken"',
      'x.yaml:1:1: missing required key "sampling"',
      'x.yaml:1:1: missing required key "privacy"',
      'x.yaml:1:1: missing required key "sources"',
      'x.yaml:1:1: missing required key "datasets"',
      'x.yaml:1:1: missing required key "relations"',
      'x.yaml:3:1 extra: unknown key "extra" (allowed: version, profile, taken, sampling, privacy, sources, datasets, relations)',
    ]);
  });

  test('a generator without kind, and categorical weights that are not numbers', () => {
    const lines = documentLines(
      'dataset',
      [
        'version: 1',
        'dataset: { source: s, name: n, local: n, kind: table, writable: true, rows: 1 }',
        'sampling: { method: full, rows: 1, seed: 1 }',
        'fields:',
        '  - { name: a, type: { logical: string, native: text }, nullable: true, generator: { weights: {} } }',
        '  - name: b',
        '    type: { logical: string, native: text }',
        '    nullable: true',
        '    generator: { kind: categorical, weights: { "a b": high, "7": 0.5 } }',
        'keys: { unique: [] }',
        'checks: []',
        'indexes: []',
        'relations: []',
        'rules: []',
      ].join('\n'),
    );
    expect(lines).toEqual([
      'x.yaml:5:73 fields[0].generator: missing required key "kind"',
      'x.yaml:9:55 fields[1].generator.weights["a b"]: must be a number',
    ]);
  });

  test('alias bombs are refused, not expanded', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdefgh'
        .split('')
        .map((name, index) => `${name}: &${name} [${Array(10).fill(`*${'abcdefg'[index]}`).join(', ')}]`),
    ].join('\n');
    const lines = documentLines('plan', bomb);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^x\.yaml:1:1: cannot be read as data: Excessive alias count/);
  });
});
