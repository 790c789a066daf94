// The generator, validation and cleanup decide from type facts (bits, unsigned, special, earliest/latest,
// zoned, fixed_length, literal), never from native type names: a name like `mediumint unsigned` or `year`
// from another engine would silently get PostgreSQL's meaning. This scan fails on any regular expression or
// string test over a `native` name in those folders.
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const FOLDERS = ['src/generate', 'src/validate', 'src/clean'];

/** A line that tests or takes apart a native name: regex test/match, string comparison or string method. */
const NATIVE_TEST = [
  /\.test\([^)]*\bnative\b/,
  /\b(match|exec|search)\([^)]*\bnative\b/,
  /\bnative\b[\w.?]*\.(toLowerCase|toUpperCase|includes|startsWith|endsWith|match|search|replace|indexOf|split|slice|trim)\(/,
  /\bnative\b\s*[!=]==?/,
  /[!=]==?\s*[\w.?]*\bnative\b(?!\s*:)/,
  /\b(const|let|var)\s+\{?[^=]*\bnative\b[^=]*\}?\s*=/,
  /\bswitch\s*\([^)]*\bnative\b/,
];

async function listSources(dir: string): Promise<string[]> {
  const entries = await readdir(join(ROOT, dir), { withFileTypes: true });
  const files = await Promise.all(
    entries.map((entry) =>
      entry.isDirectory()
        ? listSources(join(dir, entry.name))
        : Promise.resolve(entry.name.endsWith('.ts') ? [join(dir, entry.name)] : []),
    ),
  );
  return files.flat();
}

describe('no native type names in generate/, validate/, clean/', () => {
  test('no regular expression or string test reads type.native', async () => {
    const offending: string[] = [];
    for (const folder of FOLDERS) {
      for (const file of await listSources(folder)) {
        const lines = (await readFile(join(ROOT, file), 'utf8')).split('\n');
        lines.forEach((line, index) => {
          if (NATIVE_TEST.some((pattern) => pattern.test(line)))
            offending.push(`${relative(ROOT, join(ROOT, file))}:${index + 1}: ${line.trim()}`);
        });
      }
    }
    expect(offending).toEqual([]);
  });

  test('the scan recognises the shapes it forbids', () => {
    const caught = [
      'if (/real|float4/i.test(type.native)) {',
      'const native = type.native.toLowerCase();',
      "if (field.type.native === 'money') return;",
      "return type.native.includes('unsigned');",
      'const { native } = type;',
      'switch (type.native) {',
      "if ('xml' === type.native) {",
    ];
    for (const line of caught)
      expect(
        NATIVE_TEST.some((pattern) => pattern.test(line)),
        line,
      ).toBe(true);
    const allowed = [
      "type: field.type.element ?? { logical: 'string', native: 'text' },",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: the line of source code the scan must allow
      'return `${field.type.logical} ${field.type.native}`;',
    ];
    for (const line of allowed)
      expect(
        NATIVE_TEST.some((pattern) => pattern.test(line)),
        line,
      ).toBe(false);
  });
});
