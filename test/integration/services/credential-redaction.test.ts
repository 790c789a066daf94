/**
 * A password given in an address never appears in any output of a failing connection attempt: not in the
 * error message, not in details, not under --log-level debug (which prints causes and stacks), not in
 * --json output, in-process or from the built CLI. Uses the real servers (`scripts/services.sh up`).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type CliRun, runBuiltCli, runCliForTest } from '../../helpers/run-cli.js';
import { createTestDatabase, resolveTestServerUrl } from '../../helpers/test-database.js';

const PASSWORD = 'Canary-pw!7f3#q';
const ENCODED = encodeURIComponent(PASSWORD);

function withCredentials(serverUrl: string, user: string, port?: number): string {
  const url = new URL(serverUrl);
  url.username = user;
  url.password = ENCODED;
  if (port !== undefined) url.port = String(port);
  return url.toString();
}

/** Failing attempts: a role that does not exist, a wrong password, and nothing listening. */
const CASES: ReadonlyArray<readonly [string, string]> = [
  ['postgres, unknown role', withCredentials(resolveTestServerUrl('postgres'), 'doppel_no_such_role')],
  ['postgres, nothing listening', withCredentials(resolveTestServerUrl('postgres'), 'postgres', 1)],
];

function expectNoPassword(run: CliRun): void {
  const output = run.stdout + run.stderr;
  expect(output, 'the inspect command does not exist yet (src/cli/commands/inspect.ts)').not.toContain(
    "unknown command 'inspect'",
  );
  expect(run.code, `inspect should fail to connect (exit 3); output:\n${output}`).toBe(3);
  expect(output).not.toContain(PASSWORD);
  expect(output).not.toContain(ENCODED);
  expect(output).not.toContain('Canary-pw');
}

describe('a password in an address never appears in output', () => {
  it.each(CASES)('%s: inspect, default and debug log levels, text and JSON', async (_name, url) => {
    for (const globals of [[], ['--log-level', 'debug'], ['--json', '--log-level', 'debug']]) {
      expectNoPassword(await runCliForTest([...globals, 'inspect', url]));
    }
  });

  it.each(CASES)('%s: the built CLI', async (_name, url) => {
    expectNoPassword(await runBuiltCli(['--log-level', 'debug', 'inspect', url]));
  });
});

/** Passwords with every character that breaks naive redaction; each half is a token no output may carry. */
const HOSTILE = [
  'Kq7w@Zr8t',
  'Kq7w/Zr8t',
  'Kq7w:Zr8t',
  'Kq7w%ZZr8t',
  'Kq7w#Zr8t',
  'Kq7w?Zr8t',
  'Kq7w Zr8t',
  'Kq7wäZr8t✓',
];

function expectNeither(text: string, what: string): void {
  expect(text, what).not.toContain('Kq7w');
  expect(text, what).not.toContain('Zr8t');
}

describe('hostile passwords never print, in any command, any output mode, or a run manifest', () => {
  const globals = ['--json', '--log-level', 'debug'];

  it.each(HOSTILE)(
    '%j, raw and percent-encoded, over every command that takes an address',
    async (password) => {
      for (const written of [password, encodeURIComponent(password)]) {
        // Nothing listens on port 1: every command fails at connect (3) or, for an unparseable address, at usage (2).
        const address = `postgres://reader:${written}@127.0.0.1:1/shop`;
        const runs = [
          ['inspect', address],
          ['profile', address, '--out', join(tmpdir(), 'doppel-never-written')],
          ['validate', 'profiles/demo', '--source', address],
          ['generate', 'profiles/demo', '--target', address, '--scale', '0.01'],
          ['clean', '--target', address, '--dry-run'],
        ];
        for (const args of runs) {
          const run = await runCliForTest([...globals, ...args]);
          expectNeither(run.stdout + run.stderr, `${args[0]} with ${written}`);
          expect([0, 2, 3], `${args[0]} exit ${run.code}: ${run.stderr}`).toContain(run.code);
        }
      }
    },
  );

  it('keeps a hostile password out of run manifests and clean output after a real load', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'doppel-redaction-state-'));
    const database = await createTestDatabase('postgres');
    try {
      const url = new URL(database.url);
      url.password = encodeURIComponent('Kq7w@ä Zr8t');
      const env = { DOPPEL_STATE_DIR: stateDir };
      const only = ['--only', 'public.customers', '--rows', 'public.customers=20'];
      const generated = await runCliForTest(
        [...globals, 'generate', 'profiles/demo', '--target', url.toString(), '--create-schema', ...only],
        env,
      );
      expect(generated.code, generated.stderr).toBe(0);
      expectNeither(generated.stdout + generated.stderr, 'generate');
      const cleaned = await runCliForTest([...globals, 'clean', '--last', '--target', url.toString()], env);
      expect(cleaned.code, cleaned.stderr).toBe(0);
      expectNeither(cleaned.stdout + cleaned.stderr, 'clean');
      const runs = join(stateDir, 'runs');
      const files = readdirSync(runs);
      expect(files.length).toBeGreaterThan(0);
      for (const file of files) expectNeither(readFileSync(join(runs, file), 'utf8'), file);
    } finally {
      await database.drop();
      rmSync(stateDir, { recursive: true, force: true });
    }
  });
});
