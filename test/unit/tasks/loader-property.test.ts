// Property-based: whatever a task file contains (random text, random YAML values, valid documents with
// wrong types, missing keys, extra keys, swapped names), the loader reports problems and throws nothing but
// ProfileError. The "internal error" problem (the loader's safety net for its own bugs) never appears.
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parse, stringify } from 'yaml';
import { checkDocumentText } from '../../../src/tasks/check-document.js';
import { checkProfile, loadProfile, type Profile, ProfileError } from '../../../src/tasks/index.js';

const EXAMPLE = 'test/fixtures/profiles/example';
type Path = readonly (string | number)[];

let documents: { file: string; value: unknown }[] = [];
let example: Profile;
let work: string;

beforeAll(async () => {
  const files = (await readdir(EXAMPLE)).filter((file) => file.endsWith('.yaml')).sort();
  documents = await Promise.all(
    files.map(async (file) => ({
      file,
      value: parse(await readFile(join(EXAMPLE, file), 'utf8')) as unknown,
    })),
  );
  example = await loadProfile(EXAMPLE);
  work = await mkdtemp(join(tmpdir(), 'doppel-tasks-property-'));
  await cp(EXAMPLE, work, { recursive: true });
});
afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

/** Every path to a value inside `value` (the root included). */
function pathsOf(value: unknown, prefix: Path = []): Path[] {
  const paths: Path[] = [prefix];
  if (Array.isArray(value))
    for (const [index, item] of value.entries()) paths.push(...pathsOf(item, [...prefix, index]));
  else if (typeof value === 'object' && value !== null)
    for (const [key, item] of Object.entries(value)) paths.push(...pathsOf(item, [...prefix, key]));
  return paths;
}

function stringsOf(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value === 'object' && value !== null) return Object.values(value).flatMap(stringsOf);
  return [];
}

type Mutation =
  | { readonly op: 'delete' }
  | { readonly op: 'replace'; readonly value: unknown }
  | { readonly op: 'add'; readonly key: string; readonly value: unknown }
  | { readonly op: 'swap-string'; readonly pick: number };

/** `value` with one mutation applied at `path` (a deep copy; the original is untouched). */
function mutate(value: unknown, path: Path, mutation: Mutation, strings: readonly string[]): unknown {
  const copy = structuredClone(value);
  if (path.length === 0) return mutation.op === 'replace' ? mutation.value : copy;
  let parent: unknown = copy;
  for (const segment of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[segment];
  const container = parent as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  switch (mutation.op) {
    case 'delete':
      if (Array.isArray(container)) container.splice(Number(last), 1);
      else delete container[last];
      break;
    case 'replace':
      container[last] = mutation.value;
      break;
    case 'add': {
      const target = container[last];
      if (typeof target === 'object' && target !== null && !Array.isArray(target))
        Object.defineProperty(target, mutation.key, {
          value: mutation.value,
          enumerable: true,
          configurable: true,
          writable: true,
        });
      else container[last] = mutation.value;
      break;
    }
    case 'swap-string':
      container[last] = strings[mutation.pick % Math.max(1, strings.length)] ?? 'x';
      break;
  }
  return copy;
}

const oddValue = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    Number.NaN,
    Number.POSITIVE_INFINITY,
    -0,
    2 ** 60,
    -1,
    1.5,
    '',
    '__proto__',
    [],
    {},
    null,
    true,
  ),
  fc.constantFrom({ kind: 'reference' }, { kind: 'ordered', fields: [] }, [[0, 1]], { logical: 'array' }),
);
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant({ op: 'delete' as const }),
  oddValue.map((value) => ({ op: 'replace' as const, value })),
  fc
    .record({
      key: fc.constantFrom('__proto__', 'constructor', 'extra', 'kind', 'fields', 'nulable'),
      value: oddValue,
    })
    .map(({ key, value }) => ({ op: 'add' as const, key, value })),
  fc.nat().map((pick) => ({ op: 'swap-string' as const, pick })),
);
const mutatedDocument = fc
  .record({
    document: fc.nat(),
    path: fc.nat(),
    mutations: fc.array(fc.tuple(fc.nat(), mutation), { minLength: 1, maxLength: 3 }),
  })
  .map(({ document, path, mutations }) => {
    const chosen = documents[document % documents.length] as { file: string; value: unknown };
    let value = chosen.value;
    for (const [pick, change] of mutations) {
      const paths = pathsOf(value);
      value = mutate(value, paths[(path + pick) % paths.length] ?? [], change, stringsOf(chosen.value));
    }
    return { file: chosen.file, value };
  });

function expectNoInternalError(messages: readonly string[]): void {
  for (const message of messages) expect(message).not.toMatch(/internal error/);
}

function checkText(text: string): void {
  for (const kind of ['plan', 'dataset'] as const) {
    const checked = checkDocumentText(kind, text, 'x.yaml');
    if (checked.value === undefined) expect(checked.problems.problems.length).toBeGreaterThan(0);
    for (const problem of checked.problems.problems) {
      expect(problem.line).toBeGreaterThanOrEqual(1);
      expect(problem.column).toBeGreaterThanOrEqual(1);
    }
    expectNoInternalError(checked.problems.problems.map((problem) => problem.message));
  }
}

describe('the loader on malformed input', () => {
  test('random text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), checkText), { numRuns: 500 });
    fc.assert(
      fc.property(
        fc.array(
          fc.constantFrom(
            'version: 1\n',
            'a: [',
            '{',
            '- ',
            ': ',
            '&a ',
            '*a ',
            '!!binary ',
            '"',
            "'",
            '\t',
            '\n',
            '  ',
            'x',
            '? ',
            '---\n',
            '...\n',
            '#',
          ),
          { maxLength: 40 },
        ),
        (parts) => checkText(parts.join('')),
      ),
      { numRuns: 500 },
    );
  }, 300_000);

  test('random YAML values', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 4, withNullPrototype: true, withBigInt: false }), (value) => {
        let text: unknown;
        try {
          text = stringify(value);
        } catch {
          return; // not representable as YAML: nothing to load
        }
        if (typeof text === 'string') checkText(text);
      }),
      { numRuns: 500 },
    );
  }, 300_000);

  test('valid documents mutated: wrong types, missing keys, extra keys, swapped names', () => {
    fc.assert(
      fc.property(mutatedDocument, ({ value }) => {
        checkText(stringify(value));
      }),
      { numRuns: 300 },
    );
  }, 300_000);

  test('mutated profiles in memory go through the cross-file checks without throwing', () => {
    fc.assert(
      fc.property(mutatedDocument, ({ file, value }) => {
        const index = example.plan.datasets.findIndex((entry) => entry.file === file);
        const profile = (
          index === -1
            ? { plan: value, datasets: example.datasets }
            : {
                plan: example.plan,
                datasets: example.datasets.map((task, at) => (at === index ? value : task)),
              }
        ) as Profile;
        expectNoInternalError(checkProfile(profile).map((problem) => problem.message));
      }),
      { numRuns: 500 },
    );
  }, 300_000);

  test('whole profile folders with a mutated file: loaded, or ProfileError and nothing else', async () => {
    await fc.assert(
      fc.asyncProperty(mutatedDocument, async ({ file, value }) => {
        const original = await readFile(join(EXAMPLE, file), 'utf8');
        await writeFile(join(work, file), stringify(value));
        try {
          await loadProfile(work);
        } catch (error) {
          expect(error).toBeInstanceOf(ProfileError);
          expectNoInternalError((error as ProfileError).problems.map((problem) => problem.message));
        } finally {
          await writeFile(join(work, file), original);
        }
      }),
      { numRuns: 100 },
    );
  }, 300_000);
});
