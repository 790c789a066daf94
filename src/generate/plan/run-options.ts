/**
 * Parsing of the generate command's option values into engine options: `--rows name=N`, `--shard i/N` or
 * `auto` (Kubernetes Indexed Jobs: `JOB_COMPLETION_INDEX` and `DOPPEL_SHARD_COUNT`), numbers in range.
 * Every mistake is a usage error naming the option.
 */
import { DoppelError } from '../../shared/errors.js';
import { LIMITS } from '../../shared/limits.js';

/** Environment variable carrying the shard count under `--shard auto` (the index comes from Kubernetes). */
export const SHARD_COUNT_ENV = 'DOPPEL_SHARD_COUNT';
export const SHARD_INDEX_ENV = 'JOB_COMPLETION_INDEX';

/** Parses `name=N` pairs. */
export function parseRowCounts(pairs: readonly string[]): Record<string, number> {
  const rows: Record<string, number> = {};
  for (const pair of pairs) {
    const match = /^(.+)=(\d+)$/.exec(pair.trim());
    if (!match) throw new DoppelError('usage', `--rows "${pair}" is not of the form name=N.`);
    const count = Number(match[2]);
    if (count > LIMITS.rowsPerDataset)
      throw new DoppelError('usage', `--rows "${pair}": at most ${LIMITS.rowsPerDataset} rows per dataset.`);
    rows[match[1]!] = count;
  }
  return rows;
}

/** Parses `i/N` (0-based index) or `auto` (from the environment). */
export function parseShard(
  text: string,
  env: NodeJS.ProcessEnv = process.env,
): { index: number; count: number } {
  if (text === 'auto') {
    const index = env[SHARD_INDEX_ENV];
    const count = env[SHARD_COUNT_ENV];
    if (index === undefined || count === undefined) {
      throw new DoppelError(
        'usage',
        `--shard auto needs ${SHARD_INDEX_ENV} and ${SHARD_COUNT_ENV} in the environment.`,
      );
    }
    return parseShard(`${index}/${count}`);
  }
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index >= count) {
    throw new DoppelError('usage', `--shard "${text}" is not i/N with 0 <= i < N (or auto).`);
  }
  return { index, count };
}

/** Parses a number option within [min, max]. */
export function parseNumberOption(
  name: string,
  text: string,
  min: number,
  max: number,
  integer = false,
): number {
  const value = Number(text);
  if (
    text.trim() === '' ||
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isSafeInteger(value))
  ) {
    throw new DoppelError(
      'usage',
      `--${name} "${text}" is not ${integer ? 'a whole number' : 'a number'} between ${min} and ${max}.`,
    );
  }
  return value;
}
