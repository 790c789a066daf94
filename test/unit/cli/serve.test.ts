/**
 * `doppel serve` end to end (the built CLI, real signals): global output and log options, clean stop on
 * SIGTERM/SIGINT, and the setting precedence flag > environment > configuration file > default.
 */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: configuration text with ${VAR} references.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION } from '../../../src/shared/version.js';
import { type BuiltCliOptions, runCliForTest, spawnBuiltCli } from '../../helpers/run-cli.js';

/** The outer environment must not leak into these runs. */
const CLEAN_ENV = {
  DOPPEL_LOG_LEVEL: undefined,
  DOPPEL_CONFIG: undefined,
  DOPPEL_PORT: undefined,
  DOPPEL_HOST: undefined,
  DOPPEL_LOG_FORMAT: undefined,
};
const LISTENING = /serving on (http:\/\/127\.0\.0\.1:(\d+))/;

/** Starts `doppel <args>` (serve), waits for the listening line, calls /health, stops it with `signal`. */
async function serveOnce(args: string[], options: BuiltCliOptions = {}, signal: NodeJS.Signals = 'SIGTERM') {
  const running = spawnBuiltCli(args, { ...options, env: { ...CLEAN_ENV, ...options.env } });
  const url = args.includes('--json')
    ? ((await running.waitForStdout(/"url": "([^"]+)"/))[1] ?? '')
    : ((await running.waitForStdout(LISTENING))[1] ?? '');
  const health = await fetch(`${url}/health`).then((response) => response.json());
  running.child.kill(signal);
  return { url, health, ...(await running.exited) };
}

async function findFreePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

/** Calls /health until the server answers (the test timeout bounds the wait). */
async function pollHealth(url: string): Promise<unknown> {
  for (;;) {
    try {
      return await fetch(`${url}/health`).then((response) => response.json());
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** Each test spawns node and loads every command, which takes seconds on a busy machine. */
const SPAWN_TIMEOUT = { timeout: 60_000 };

describe('doppel serve', SPAWN_TIMEOUT, () => {
  it('serves /health and stops cleanly on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const run = await serveOnce(['serve', '--port', '0'], {}, signal);
      expect(run.health).toEqual({ status: 'ok', version: VERSION });
      expect(run.code).toBe(0);
      expect(run.stdout).toBe(`doppel ${VERSION}: serving on ${run.url}\n`);
      expect(run.stderr).toBe('');
    }
  });

  it('prints the result as JSON under --json', async () => {
    const run = await serveOnce(['--json', 'serve', '--port', '0']);
    expect(JSON.parse(run.stdout)).toEqual({ url: run.url, version: VERSION });
  });

  it('prints nothing under --quiet', async () => {
    const port = await findFreePort();
    const running = spawnBuiltCli(['--quiet', 'serve', '--port', String(port)], { env: CLEAN_ENV });
    const health = await pollHealth(`http://127.0.0.1:${port}`);
    running.child.kill('SIGTERM');
    const run = await running.exited;
    expect(health).toEqual({ status: 'ok', version: VERSION });
    expect(run).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('logs requests at --log-level debug, and not at the default level', async () => {
    const debug = await serveOnce(['--log-level', 'debug', 'serve', '--port', '0', '--log-format', 'text']);
    expect(debug.stderr).toMatch(/^debug: GET \/health 200 [\d.]+ ms$/m);
    const quiet = await serveOnce(['serve', '--port', '0']);
    expect(quiet.stderr).toBe('');
  });

  it('logs JSON lines (pino) by default when stderr is not a terminal; DOPPEL_LOG_FORMAT and the flag choose', async () => {
    const json = await serveOnce(['--log-level', 'debug', 'serve', '--port', '0']);
    const lines = json.stderr
      .split('\n')
      .filter((line) => line !== '')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(
      expect.objectContaining({
        level: 'debug',
        name: 'doppel',
        msg: expect.stringMatching(/^GET \/health 200/),
        req: expect.objectContaining({ method: 'GET', url: '/health' }),
        res: expect.objectContaining({ status: 200 }),
      }),
    );
    const text = await serveOnce(['--log-level', 'debug', 'serve', '--port', '0'], {
      env: { DOPPEL_LOG_FORMAT: 'text' },
    });
    expect(text.stderr).toContain('debug: GET /health 200');
    const bad = await runCliForTest(['serve', '--port', '0', '--log-format', 'xml'], CLEAN_ENV);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--log-format must be json or text, not "xml"');
  });

  it('takes the log level from DOPPEL_LOG_LEVEL, and the flag over it', async () => {
    const fromEnv = await serveOnce(['serve', '--port', '0', '--log-format', 'text'], {
      env: { DOPPEL_LOG_LEVEL: 'debug' },
    });
    expect(fromEnv.stderr).toContain('debug: GET /health 200');
    const flagWins = await serveOnce(['--log-level', 'warn', 'serve', '--port', '0'], {
      env: { DOPPEL_LOG_LEVEL: 'debug' },
    });
    expect(flagWins.stderr).toBe('');
  });
});

describe('serve settings: flag > environment > configuration file > default', SPAWN_TIMEOUT, () => {
  let dir: string;
  let configPath: string;
  let badConfigPath: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doppel-serve-'));
    configPath = join(dir, 'doppel.yaml');
    badConfigPath = join(dir, 'bad.yaml');
    await writeFile(configPath, 'serve:\n  port: ${SERVE_PORT:-0}\n  host: 127.0.0.1\n');
    await writeFile(badConfigPath, 'serve:\n  port: lots\n');
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the configuration file (DOPPEL_CONFIG) when no flag or variable is set', async () => {
    const run = await serveOnce(['serve'], { env: { DOPPEL_CONFIG: configPath } });
    expect(Number(run.url.split(':').at(-1))).toBeGreaterThan(0);
    expect(run.code).toBe(0);
  });

  it('reads doppel.yaml from the working directory', async () => {
    const run = await serveOnce(['serve'], { cwd: dir });
    expect(run.health).toMatchObject({ status: 'ok' });
  });

  it('names the file and setting of a bad configuration value', async () => {
    const run = await runCliForTest(['serve'], { ...CLEAN_ENV, DOPPEL_CONFIG: badConfigPath });
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      `doppel: serve.port in ${badConfigPath} must be a port number from 0 to 65535, not "lots".\n`,
    );
  });

  it('prefers the environment over the configuration file', async () => {
    const run = await runCliForTest(['serve'], {
      ...CLEAN_ENV,
      DOPPEL_CONFIG: configPath,
      DOPPEL_PORT: 'http',
    });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('DOPPEL_PORT must be a port number');
  });

  it('prefers the flag over the environment', async () => {
    const run = await serveOnce(['serve', '--port', '0'], {
      env: { DOPPEL_CONFIG: configPath, DOPPEL_PORT: 'http' },
    });
    expect(run.code).toBe(0);
    expect(run.health).toMatchObject({ status: 'ok' });
  });

  it('names a missing variable in the configuration file, with its line', async () => {
    const path = join(dir, 'needs-var.yaml');
    await writeFile(path, '# serve settings\nserve:\n  host: ${SERVE_HOST}\n');
    const run = await runCliForTest(['serve'], { ...CLEAN_ENV, DOPPEL_CONFIG: path, SERVE_HOST: undefined });
    expect(run.code).toBe(4);
    expect(run.stderr).toBe(
      `doppel: ${path}:3: the environment variable SERVE_HOST is not set (referenced as \${SERVE_HOST}).\n`,
    );
  });

  it('exits 6 naming the port when it is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const run = await runCliForTest(['serve', '--port', String(port)], CLEAN_ENV);
      expect(run.code).toBe(6);
      expect(run.stderr).toBe(
        `doppel: Port ${port} on 127.0.0.1 is already in use; choose another with --port.\n`,
      );
    } finally {
      blocker.close();
    }
  });

  it('refuses to listen beyond loopback without API keys (exit 2, with the reason)', async () => {
    for (const host of ['0.0.0.0', '::']) {
      const run = await runCliForTest(['serve', '--host', host, '--port', '0'], {
        ...CLEAN_ENV,
        DOPPEL_API_KEYS: undefined,
      });
      expect(run.code, run.stderr).toBe(2);
      expect(run.stderr).toContain(`Refusing to serve on ${host} without API keys`);
    }
  });

  it('reads keys, connections and switches from the configuration, and refuses weak keys', async () => {
    const path = join(dir, 'secure.yaml');
    await writeFile(
      path,
      [
        'serve:',
        '  keys: ["ci:${CI_SERVE_KEY}"]',
        '  adhocAddresses: true',
        '  connections:',
        '    shop: { url: "postgres://reader@127.0.0.1:1/shop", passwordEnv: SHOP_PW }',
        '',
      ].join('\n'),
    );
    const run = await serveOnce(['serve', '--port', '0'], {
      env: { DOPPEL_CONFIG: path, CI_SERVE_KEY: 'k'.repeat(24), SHOP_PW: 'shop-pw-31337' },
    });
    expect(run.code).toBe(0);
    expect(run.health).toMatchObject({ status: 'ok' });
    const weak = await runCliForTest(['serve', '--port', '0'], { ...CLEAN_ENV, DOPPEL_API_KEYS: 'ci:short' });
    expect(weak.code).toBe(2);
    expect(weak.stderr).toContain('shorter than 16');
    expect(weak.stderr).not.toContain('short\n');
  });
});
