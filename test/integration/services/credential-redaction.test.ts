/**
 * A password given in an address never appears in any output of a failing connection attempt: not in the
 * error message, not in details, not under --log-level debug (which prints causes and stacks), not in
 * --json output, in-process or from the built CLI. Uses the real servers (`scripts/services.sh up`).
 */
import { describe, expect, it } from 'vitest';
import { type CliRun, runBuiltCli, runCliForTest } from '../../helpers/run-cli.js';
import { resolveTestServerUrl } from '../../helpers/test-database.js';

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
