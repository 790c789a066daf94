/**
 * Which unique vocabulary fields of a run fall back to syllables for some rows (the generate summary says
 * so), decided from the task files and sizes alone, as the generator decides.
 */
import type { Profile } from '../../../tasks/types.js';
import { countVocabulary, describeVocabularyShape, isVocabularySemantic } from './vocabularies.js';

/** A unique semantic field whose vocabulary holds fewer values than the rows asked for. */
export interface VocabularyShortfall {
  readonly dataset: string;
  readonly field: string;
  /** Unique values the run needs (the dataset's row index space). */
  readonly rows: number;
  /** Values the vocabularies hold; the rest are shape-preserving syllables. */
  readonly vocabulary: number;
}

/** The unique vocabulary fields of the planned datasets that fall back to syllables for some rows. */
export function listVocabularyShortfalls(
  profile: Profile,
  datasets: readonly {
    readonly name: string;
    readonly rows: number;
    readonly offset: number;
    readonly generate: boolean;
  }[],
): VocabularyShortfall[] {
  const shortfalls: VocabularyShortfall[] = [];
  const byName = new Map(profile.datasets.map((task) => [task.dataset.name, task]));
  for (const planned of datasets) {
    const task = byName.get(planned.name);
    if (!task || !planned.generate) continue;
    const rows = planned.offset + planned.rows;
    const singleKeys = [task.keys.primary, ...task.keys.unique]
      .filter((key) => key !== undefined && key.fields.length === 1)
      .map((key) => key!.fields[0]);
    for (const field of task.fields) {
      const recipe = field.generator;
      if (recipe.kind !== 'semantic' || !isVocabularySemantic(recipe.semantic)) continue;
      if (!recipe.unique && !singleKeys.includes(field.name)) continue;
      const stats = recipe.edited ? undefined : field.stats;
      // Counted only as far as the rows: a vocabulary that holds them is not listed to its end.
      const shape = describeVocabularyShape(stats, field.type);
      const vocabulary = countVocabulary(recipe.semantic, recipe.locale, shape, rows);
      if (vocabulary < rows)
        shortfalls.push({ dataset: task.dataset.name, field: field.name, rows, vocabulary });
    }
  }
  return shortfalls;
}
