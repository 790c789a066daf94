/**
 * One resolver for every place a user names a dataset (`--include`, `--exclude`, `--only`, `--skip`, `--rows`,
 * scenario files, request bodies). What a user types is one of:
 * - a qualified name (`public.customers`), matched exactly, or case-insensitively when no exact match exists;
 * - an unqualified name (`customers`), which resolves to the one dataset with that local name; an ambiguous
 *   name is an error listing the candidates;
 * - a glob (`public.*`, `order_?`; see `shared/glob.ts`), matched against qualified names and, when it holds no
 *   dot, against local names.
 * A name or glob that matches nothing is a usage error listing the closest names.
 */
import { DoppelError } from '../shared/errors.js';
import { isGlob, matchesGlob } from '../shared/glob.js';

/** What the resolver needs of a dataset: its qualified name and its name inside its namespace. */
export interface NamedDataset {
  readonly name: string;
  readonly local: string;
}

/** How many of the closest names an error lists. */
const CLOSEST = 3;

/**
 * The qualified names `typed` stands for among `datasets`. `where` names the place in the error
 * (`--include`, `datasets.customers in scenario.yaml`...).
 */
export function resolveDatasetName(
  typed: string,
  datasets: readonly NamedDataset[],
  where: string,
): string[] {
  const matched = isGlob(typed) ? matchGlob(typed, datasets) : matchName(typed, datasets, where);
  if (matched.length === 0) {
    const closest = closestNames(typed, datasets);
    throw new DoppelError(
      'usage',
      `${where} "${typed}" matches no dataset${closest.length > 0 ? `; the closest: ${closest.join(', ')}` : ''}.`,
    );
  }
  return matched;
}

/** The qualified names of every `typed` entry, each resolved on its own (so each must match something). */
export function resolveDatasetNames(
  typed: readonly string[],
  datasets: readonly NamedDataset[],
  where: string,
): Set<string> {
  return new Set(typed.flatMap((entry) => resolveDatasetName(entry, datasets, where)));
}

/** The datasets an include/exclude pair keeps (all when `include` is empty), in their given order. */
export function selectDatasets<T extends NamedDataset>(
  datasets: readonly T[],
  filter: { readonly include?: readonly string[]; readonly exclude?: readonly string[] },
): T[] {
  const include = filter.include ?? [];
  const included = include.length > 0 ? resolveDatasetNames(include, datasets, 'include') : undefined;
  const excluded = resolveDatasetNames(filter.exclude ?? [], datasets, 'exclude');
  return datasets.filter(
    (dataset) => (included === undefined || included.has(dataset.name)) && !excluded.has(dataset.name),
  );
}

function matchGlob(glob: string, datasets: readonly NamedDataset[]): string[] {
  const local = !glob.includes('.');
  return datasets
    .filter((dataset) => matchesGlob(glob, dataset.name) || (local && matchesGlob(glob, dataset.local)))
    .map((dataset) => dataset.name);
}

function matchName(typed: string, datasets: readonly NamedDataset[], where: string): string[] {
  const lower = typed.toLowerCase();
  const tries: ((dataset: NamedDataset) => boolean)[] = [
    (dataset) => dataset.name === typed,
    (dataset) => dataset.local === typed,
    (dataset) => dataset.name.toLowerCase() === lower,
    (dataset) => dataset.local.toLowerCase() === lower,
  ];
  for (const matches of tries) {
    const found = datasets.filter(matches).map((dataset) => dataset.name);
    if (found.length > 1) {
      throw new DoppelError(
        'usage',
        `${where} "${typed}" is ambiguous: it names ${found.join(', ')}; give the qualified name.`,
      );
    }
    if (found.length === 1) return found;
  }
  return [];
}

/** Up to `CLOSEST` qualified names nearest to `typed` by edit distance (on either the qualified or local name). */
function closestNames(typed: string, datasets: readonly NamedDataset[]): string[] {
  const lower = typed.toLowerCase();
  return datasets
    .map((dataset) => ({
      name: dataset.name,
      distance: Math.min(
        editDistance(lower, dataset.name.toLowerCase()),
        editDistance(lower, dataset.local.toLowerCase()),
      ),
    }))
    .sort((a, b) => a.distance - b.distance || a.name.localeCompare(b.name))
    .slice(0, CLOSEST)
    .map((entry) => entry.name);
}

/** Levenshtein distance (insertions, deletions, substitutions), one row at a time. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length]!;
}
