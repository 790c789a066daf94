/** CLI conventions: help, version, and usage errors (exit 2) for unknown commands, options and choices. */
import { describe, expect, it } from 'vitest';
import { VERSION } from '../../../src/shared/version.js';
import { runBuiltCli, runCliForTest } from '../../helpers/run-cli.js';

describe('doppel --help and --version', () => {
  it.each([['--help'], ['-h'], []])('prints usage for %j and exits 0', async (...args) => {
    const run = await runCliForTest(args.flat());
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: doppel \[options\] \[command\]/);
    expect(run.stdout).toContain('--json');
    expect(run.stdout).toContain('--quiet');
    expect(run.stdout).toContain('--log-level <level>');
    expect(run.stdout).toContain('serve [options]');
    expect(run.stderr).toBe('');
  });

  it.each(['--version', '-V'])('prints the version for %s and exits 0', async (flag) => {
    const run = await runCliForTest([flag]);
    expect(run).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('prints help for a subcommand', async () => {
    const run = await runCliForTest(['serve', '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: doppel serve \[options\]/);
    expect(run.stdout).toContain('--port <port>');
  });

  // Spawning node and loading every command takes seconds on a busy machine: a generous timeout.
  it('behaves the same in the built CLI', { timeout: 60_000 }, async () => {
    const run = await runBuiltCli(['--version']);
    expect(run).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
    const unknown = await runBuiltCli(['frobnicate']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("unknown command 'frobnicate'");
  });
});

describe('usage errors exit 2 with a clear message', () => {
  it('rejects an unknown command', async () => {
    const run = await runCliForTest(['frobnicate']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr).toContain("error: unknown command 'frobnicate'");
    expect(run.stderr).toContain('(run with --help for usage)');
  });

  it('rejects an unknown global option', async () => {
    const run = await runCliForTest(['--frob', 'serve']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: unknown option '--frob'");
  });

  it('rejects an unknown option of a subcommand', async () => {
    const run = await runCliForTest(['serve', '--prot', '1']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("error: unknown option '--prot'");
    expect(run.stderr).toContain('--port');
  });

  it('rejects a log level that does not exist, listing the allowed ones', async () => {
    const run = await runCliForTest(['--log-level', 'loud', 'serve']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--log-level <level>' argument 'loud' is invalid");
    expect(run.stderr).toContain('error, warn, info, debug');
  });

  it('rejects a missing option argument', async () => {
    const run = await runCliForTest(['serve', '--port']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("option '--port <port>' argument missing");
  });

  it('prints no stack trace for a user error', async () => {
    const run = await runCliForTest(['serve', '--port', 'eighty']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('doppel: --port must be a port number from 0 to 65535, not "eighty".\n');
  });
});
