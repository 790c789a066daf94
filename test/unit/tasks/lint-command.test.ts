// `doppel lint`: the summary line when clean, one line per problem and exit code 4 when not, and --json.
import { describe, expect, test } from 'vitest';
import { runCli } from '../../../src/cli/main.js';
import { EXIT } from '../../../src/shared/errors.js';

async function run(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    isTTY: false,
  });
  return { code, stdout, stderr };
}

describe('doppel lint', () => {
  test('a clean profile: one summary line, exit 0', async () => {
    const result = await run(['lint', 'test/fixtures/profiles/example']);
    expect(result).toEqual({
      code: EXIT.ok,
      stdout: 'test/fixtures/profiles/example: 5 datasets, 30 fields, ok\n',
      stderr: '',
    });
  });

  test('a broken profile: every problem on its own line, exit 4', async () => {
    const result = await run(['lint', 'test/fixtures/profiles/broken-yaml']);
    expect(result.code).toBe(EXIT.invalidInput);
    expect(result.stdout.split('\n')).toEqual([
      'test/fixtures/profiles/broken-yaml/public.syntax.yaml:3:1: invalid YAML: Flow map in block collection must be sufficiently indented and end with a }',
      'test/fixtures/profiles/broken-yaml/public.dupes.yaml:5:1: duplicate key "fields" (each key may appear once in a mapping)',
      'test/fixtures/profiles/broken-yaml/public.list.yaml:1:1: must be a mapping with a "version" key (a task file)',
      '',
    ]);
    expect(result.stderr).toBe('doppel: test/fixtures/profiles/broken-yaml: 3 problems found.\n');
  });

  test('--json prints { ok, problems }', async () => {
    const clean = await run(['--json', 'lint', 'test/fixtures/profiles/example']);
    expect(JSON.parse(clean.stdout)).toEqual({ ok: true, datasets: 5, fields: 30, problems: [] });
    const broken = await run(['--json', 'lint', 'test/fixtures/profiles/broken-version']);
    expect(broken.code).toBe(EXIT.invalidInput);
    expect(JSON.parse(broken.stdout)).toEqual({
      ok: false,
      problems: [
        {
          file: 'test/fixtures/profiles/broken-version/plan.yaml',
          line: 1,
          column: 10,
          path: 'version',
          message: 'version 2 is newer than this doppel supports (1); upgrade doppel to read it',
        },
      ],
    });
  });
});
