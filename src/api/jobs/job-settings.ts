/**
 * How the service queues and keeps jobs (`serve.jobs` in doppel.yaml; `DOPPEL_JOB_*` variables override):
 * how many run at once, how many may wait, and how long and how many finished records are kept.
 */
import { availableParallelism } from 'node:os';
import { type Environment, getConfigValue, resolveSetting } from '../../shared/config.js';
import { DoppelError } from '../../shared/errors.js';

export interface JobSettings {
  /** Jobs running at once. */
  readonly concurrency: number;
  /** Jobs waiting for a slot; one more is a 429 with Retry-After. */
  readonly backlog: number;
  /** Finished records older than this (by `finishedAt`) are deleted, in milliseconds. */
  readonly keepForMs: number;
  /** At most this many finished records are kept (the newest). */
  readonly keep: number;
}

const DAY_MS = 86_400_000;

/** The defaults: one job per core, 100 waiting, finished records kept 7 days and at most 1,000. */
export function defaultJobSettings(): JobSettings {
  return { concurrency: availableParallelism(), backlog: 100, keepForMs: 7 * DAY_MS, keep: 1_000 };
}

const UNIT_MS: Readonly<Record<string, number>> = { s: 1_000, m: 60_000, h: 3_600_000, d: DAY_MS };

/** `90s`, `30m`, `12h`, `7d` (a number alone is seconds) into milliseconds. */
export function parseDuration(text: string, where: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([smhd]?)$/.exec(text.trim());
  if (match === null)
    throw new DoppelError(
      'invalidInput',
      `${where} must be a duration such as 30m, 12h or 7d, not "${text}".`,
    );
  return Math.round(Number(match[1]) * (UNIT_MS[match[2] || 's'] ?? 1_000));
}

function parseCount(text: string, where: string, minimum: number): number {
  const value = /^\d{1,9}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(value) || value < minimum)
    throw new DoppelError(
      'invalidInput',
      `${where} must be a whole number of at least ${minimum}, not "${text}".`,
    );
  return value;
}

/** Reads `serve.jobs` and the `DOPPEL_JOB_*` variables over the defaults. */
export function resolveJobSettings(
  config: Readonly<Record<string, unknown>>,
  configPath: string,
  env: Environment = process.env,
): JobSettings {
  const defaults = defaultJobSettings();
  const section = getConfigValue(config, 'serve.jobs');
  if (section !== undefined && section !== null) {
    if (typeof section !== 'object' || Array.isArray(section))
      throw new DoppelError(
        'invalidInput',
        `serve.jobs in ${configPath} must be { concurrency?, backlog?, keepFor?, keep? }.`,
      );
    const unknown = Object.keys(section).find(
      (key) => !['concurrency', 'backlog', 'keepFor', 'keep'].includes(key),
    );
    if (unknown !== undefined)
      throw new DoppelError('invalidInput', `serve.jobs in ${configPath}: unknown setting "${unknown}".`);
  }
  const fromFile = (key: string, parse: (text: string, where: string) => number) => {
    const value = getConfigValue(config, `serve.jobs.${key}`);
    return value === undefined || value === null
      ? undefined
      : parse(String(value), `serve.jobs.${key} in ${configPath}`);
  };
  const count = (minimum: number) => (text: string, where: string) => parseCount(text, where, minimum);
  const setting = (key: string, variable: string, fallback: number, parse: typeof parseDuration) =>
    resolveSetting(undefined, variable, fromFile(key, parse), fallback, {
      env,
      parse: (text) => parse(text, variable),
    });
  return {
    concurrency: setting('concurrency', 'DOPPEL_JOB_CONCURRENCY', defaults.concurrency, count(1)),
    backlog: setting('backlog', 'DOPPEL_JOB_BACKLOG', defaults.backlog, count(0)),
    keepForMs: setting('keepFor', 'DOPPEL_JOB_KEEP_FOR', defaults.keepForMs, parseDuration),
    keep: setting('keep', 'DOPPEL_JOB_KEEP', defaults.keep, count(0)),
  };
}
