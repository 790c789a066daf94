/**
 * Which subjects a registry source reads: `--include`/`--exclude` name subjects or globs, through the one
 * dataset-name resolver (`catalog/dataset-names.ts`), and an included name may pin a version (`orders-value@3`;
 * `@latest` is the default). A selected `<topic>-value` subject brings its `<topic>-key` subject along unless
 * that one is excluded.
 */
import { resolveDatasetName, resolveDatasetNames } from '../../catalog/dataset-names.js';
import { DoppelError } from '../../shared/errors.js';
import { isGlob } from '../../shared/glob.js';
import type { DatasetFilter } from '../contract.js';
import { topicOf } from './to-catalog.js';

/** A subject to read and its version. */
export interface SelectedSubject {
  readonly subject: string;
  readonly version: number | 'latest';
}

const PIN = /^(.+)@(\d+|latest)$/;

/** Splits `subject@3` into the name and the version. */
export function parsePin(typed: string): { name: string; version: number | 'latest' } {
  const match = PIN.exec(typed);
  if (match === null) return { name: typed, version: 'latest' };
  const version = match[2] === 'latest' ? 'latest' : Number(match[2]);
  if (version !== 'latest' && !(version >= 1))
    throw new DoppelError('usage', `include "${typed}": a version is a number from 1 (or latest).`);
  return { name: match[1]!, version };
}

/** The subjects `filter` selects among `subjects` (all when it includes nothing), sorted by name. */
export function selectSubjects(subjects: readonly string[], filter: DatasetFilter): SelectedSubject[] {
  const named = subjects.map((subject) => ({ name: subject, local: subject }));
  const excluded = resolveDatasetNames(filter.exclude ?? [], named, 'exclude');
  const chosen = new Map<string, number | 'latest'>();
  const include = filter.include ?? [];
  if (include.length === 0) for (const subject of subjects) chosen.set(subject, 'latest');
  for (const typed of include) {
    const { name, version } = parsePin(typed);
    if (version !== 'latest' && isGlob(name))
      throw new DoppelError(
        'usage',
        `include "${typed}": a version can only be pinned on one subject, not a glob.`,
      );
    for (const subject of resolveDatasetName(name, named, 'include')) {
      const previous = chosen.get(subject);
      if (previous !== undefined && previous !== 'latest' && version !== 'latest' && previous !== version)
        throw new DoppelError('usage', `include pins ${subject} at versions ${previous} and ${version}.`);
      chosen.set(subject, previous !== undefined && version === 'latest' ? previous : version);
    }
  }
  const known = new Set(subjects);
  for (const subject of [...chosen.keys()]) {
    const topic = topicOf(subject);
    const key = topic?.part === 'value' ? `${topic.topic}-key` : undefined;
    if (key !== undefined && known.has(key) && !chosen.has(key)) chosen.set(key, 'latest');
  }
  return [...chosen.entries()]
    .filter(([subject]) => !excluded.has(subject))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([subject, version]) => ({ subject, version }));
}
