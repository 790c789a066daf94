/**
 * Recipes that cannot hold are problems of the loader, so lint reports them with file, line, column and path
 * and generate refuses them (exit 4) before writing anything: a unique sequence with step 0, weights that do
 * not add up to a positive number, unique values from too few categories, and a pattern past the size bound.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MAX_PATTERN_REPEAT } from '../../../src/tasks/recipe-sanity.js';
import { runCliForTest } from '../../helpers/run-cli.js';

const EXAMPLE = 'test/fixtures/profiles/example';
const CUSTOMERS = 'shop+public.customers.yaml';
const dirs: string[] = [];

/** A copy of the example profile with `from` replaced by `to` in the customers file. */
function editedProfile(from: string, to: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'doppel-sanity-'));
  dirs.push(dir);
  cpSync(EXAMPLE, dir, { recursive: true });
  const file = join(dir, CUSTOMERS);
  const text = readFileSync(file, 'utf8');
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('recipes that cannot hold', () => {
  it.each([
    [
      'a unique sequence with step 0',
      '{ kind: sequence, start: 1, step: 1 }',
      '{ kind: sequence, start: 1, step: 0, unique: true }',
      /fields\[0\]\.generator\.step: a unique sequence needs a step other than 0/,
    ],
    [
      'a huge pattern',
      '"[a-z]{3,8}[0-9]{0,3}"',
      '"[a-z]{50000000}"',
      new RegExp(
        `generator\\.pattern: repeats \\{50000000\\}; a pattern may repeat at most ${MAX_PATTERN_REPEAT}`,
      ),
    ],
    [
      'weights adding up to 0',
      'weights: { DE: 0.41, FR: 0.22, "NO": 0.12, "yes": 0.05 }\n      other: { share: 0.2,',
      'weights: { DE: 0, FR: 0, "NO": 0, "yes": 0 }\n      other: { share: 0,',
      /generator\.weights: weights must be at least 0 and add up to a positive number/,
    ],
  ])(
    '%s: lint names file, line, column and path; generate refuses it with exit 4',
    async (_name, from, to, message) => {
      const dir = editedProfile(from, to);
      const lint = await runCliForTest(['lint', dir]);
      expect(lint.code).toBe(4);
      expect(lint.stdout).toMatch(new RegExp(`${CUSTOMERS.replace(/[+.]/g, '\\$&')}:\\d+:\\d+ `));
      expect(lint.stdout).toMatch(message);
      const out = join(dir, 'out');
      const generate = await runCliForTest(['generate', dir, '--target', out, '--scale', '0.001']);
      expect(generate.code, generate.stderr).toBe(4);
      expect(readdirSync(dir)).not.toContain('out');
    },
  );

  it('unique values from fewer categories than rows', async () => {
    const dir = editedProfile(
      'kind: categorical\n      weights: { DE: 0.41, FR: 0.22, "NO": 0.12, "yes": 0.05 }\n      other: { share: 0.2, pattern: "[A-Z]{2}", length: { p50: 2 } }',
      'kind: categorical\n      unique: true\n      weights: { DE: 0.41, FR: 0.22, "NO": 0.12, "yes": 0.05 }',
    );
    const lint = await runCliForTest(['lint', dir]);
    expect(lint.code).toBe(4);
    expect(lint.stdout).toMatch(
      /unique values for \d+ rows cannot come from its categories \(4 distinct values\)/,
    );
  });
});
