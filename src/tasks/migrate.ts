/**
 * Versions of the task-file format. Each document carries `version:`; `migrateDocument` brings an older
 * document up to the current version, one step at a time, before it is validated. Only version 1 exists:
 * when version 2 comes, add one function `migrateV1ToV2` to {@link MIGRATIONS} and bump
 * `TASK_FORMAT_VERSION`; the loader and every older profile follow.
 */
import { type Locator, NO_POSITION, type Problem, ProblemList } from './problems.js';
import { TASK_FORMAT_VERSION } from './types.js';

/** Maps a document of version `n` to version `n + 1`; pure, on parsed YAML values. */
export type Migration = (document: Readonly<Record<string, unknown>>) => Record<string, unknown>;

/** `MIGRATIONS[n]` migrates version `n` to `n + 1`; empty while version 1 is the only one. */
export const MIGRATIONS: Readonly<Record<number, Migration>> = {};

export type MigrationResult =
  | { readonly ok: true; readonly document: Record<string, unknown>; readonly from: number }
  | { readonly ok: false; readonly problems: readonly Problem[] };

/**
 * Brings a parsed task document (plan or dataset) to the current format version. A missing or malformed
 * `version`, or one newer than this doppel supports, is a problem (placed with `locate` when given).
 */
export function migrateDocument(
  document: unknown,
  file: string,
  locate: Locator = NO_POSITION,
): MigrationResult {
  const problems = new ProblemList(file, locate);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    problems.add([], 'must be a mapping with a "version" key (a task file)');
    return { ok: false, problems: problems.problems };
  }
  const record = document as Record<string, unknown>;
  const version = record.version;
  if (version === undefined) {
    problems.add([], 'missing required key "version"');
    return { ok: false, problems: problems.problems };
  }
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    problems.add(['version'], `must be a whole number from 1 to ${TASK_FORMAT_VERSION}`);
    return { ok: false, problems: problems.problems };
  }
  if (version > TASK_FORMAT_VERSION) {
    problems.add(
      ['version'],
      `version ${version} is newer than this doppel supports (${TASK_FORMAT_VERSION}); upgrade doppel to read it`,
    );
    return { ok: false, problems: problems.problems };
  }
  let current = record;
  for (let step = version; step < TASK_FORMAT_VERSION; step++) {
    const migrate = MIGRATIONS[step];
    if (migrate === undefined) {
      problems.add(['version'], `no migration from version ${step} to ${step + 1}`);
      return { ok: false, problems: problems.problems };
    }
    current = migrate(current);
  }
  return { ok: true, document: current, from: version };
}
