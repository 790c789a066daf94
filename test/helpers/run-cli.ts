/**
 * Running the CLI from tests: `runCliForTest` calls `runCli` in-process with captured output (fast, the
 * default); `runBuiltCli` spawns `node bin/doppel.js` for the few checks that need the real process (exit
 * status, signals, stdin). The built CLI is kept current by `build-once.ts` (vitest global setup).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCli } from '../../src/cli/main.js';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment overrides: a string sets a variable, `undefined` removes it. */
export type EnvOverrides = Readonly<Record<string, string | undefined>>;

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Runs `doppel <args>` in-process and captures what it prints. `env` applies for the duration of the run
 * and is restored afterwards (runs in one test file are sequential, so this does not leak across tests).
 */
export async function runCliForTest(args: readonly string[], env: EnvOverrides = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const restore = applyEnv(env);
  try {
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
  } finally {
    restore();
  }
}

export interface BuiltCliOptions {
  readonly env?: EnvOverrides;
  readonly cwd?: string;
  /** Written to the child's stdin, which is then closed. */
  readonly input?: string;
  readonly signal?: AbortSignal;
}

/** Spawns `node bin/doppel.js <args>` and resolves with its exit code and output once it exits. */
export function runBuiltCli(args: readonly string[], options: BuiltCliOptions = {}): Promise<CliRun> {
  const running = spawnBuiltCli(args, options);
  return running.exited;
}

export interface RunningCli {
  readonly child: ChildProcessWithoutNullStreams;
  /** Output so far. */
  readonly stdout: () => string;
  readonly stderr: () => string;
  /** Resolves once stdout matches `pattern` (with the match), rejects if the process exits first. */
  readonly waitForStdout: (pattern: RegExp) => Promise<RegExpMatchArray>;
  /** The same for stderr (progress lines, logs). */
  readonly waitForStderr: (pattern: RegExp) => Promise<RegExpMatchArray>;
  readonly exited: Promise<CliRun>;
}

/**
 * Spawns `node bin/doppel.js <args>` and returns at once, for long-running commands (`serve`): wait for a
 * line, talk to it, then `child.kill('SIGTERM')` and await `exited`.
 */
export function spawnBuiltCli(args: readonly string[], options: BuiltCliOptions = {}): RunningCli {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  const child = spawn(process.execPath, [`${REPO_ROOT}bin/doppel.js`, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    env,
    stdio: ['pipe', 'pipe', 'pipe'],
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    stdout += chunk;
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  const exited = new Promise<CliRun>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => {
      resolve({ code: code ?? (signal === null ? -1 : 128 + signalNumber(signal)), stdout, stderr });
    });
  });
  child.stdin.end(options.input ?? '');
  const waitFor = (stream: 'stdout' | 'stderr', pattern: RegExp) =>
    new Promise<RegExpMatchArray>((resolve, reject) => {
      const check = () => {
        const match = (stream === 'stdout' ? stdout : stderr).match(pattern);
        if (match === null) return;
        child[stream].off('data', check);
        resolve(match);
      };
      child[stream].on('data', check);
      check();
      void exited.then((run) =>
        reject(new Error(`doppel exited with ${run.code} before printing ${pattern}; stderr: ${run.stderr}`)),
      );
    });
  const waitForStdout = (pattern: RegExp) => waitFor('stdout', pattern);
  const waitForStderr = (pattern: RegExp) => waitFor('stderr', pattern);
  return { child, stdout: () => stdout, stderr: () => stderr, waitForStdout, waitForStderr, exited };
}

function applyEnv(env: EnvOverrides): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [name, value] of Object.entries(env)) {
    saved.set(name, process.env[name]);
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  return () => {
    for (const [name, value] of saved) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
}

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return numbers[signal] ?? 0;
}
