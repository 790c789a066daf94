/**
 * What every recipe builder shares: the input it is given, and how text and measured stats are applied to a
 * field (text fitted to the field's type, stats ignored once a person edited the recipe).
 */
import type { Value } from '../../catalog/values.js';
import type { FieldStats, FieldTask, GeneratorKind, GeneratorRecipe, TypeTask } from '../../tasks/types.js';
import { fitText } from './type-defaults.js';
import type { BuildContext } from './value-generator.js';
import { convertLiteral } from './value-text.js';

export type RecipeOf<K extends GeneratorKind> = Extract<GeneratorRecipe, { kind: K }>;

/** Everything a recipe builder sees. */
export interface RecipeInput<K extends GeneratorKind> {
  readonly field: FieldTask;
  readonly recipe: RecipeOf<K>;
  readonly context: BuildContext;
  /** Values must not repeat across the dataset's rows. */
  readonly unique: boolean;
}

/** Logical types whose values are written as text. */
export const TEXT_TYPES: ReadonlySet<string> = new Set(['string', 'enum', 'opaque']);

/** `text` as a value of `type`: fitted to a text type's length, else converted. */
export function adapt(type: TypeTask, text: string): Value {
  return TEXT_TYPES.has(type.logical) ? fitText(type, text) : convertLiteral(type, text);
}

/** The stats that shape a field's values beyond its recipe: none when a person edited the recipe. */
export function measuredFor(field: FieldTask): FieldStats | undefined {
  return field.generator.edited === true ? undefined : field.stats;
}

/** Text measured with letters and no space or punctuation: words are not to be joined by either. */
export function isPlainText(stats: FieldStats | undefined): boolean {
  const classes = stats?.classes;
  return classes !== undefined && !classes.includes('space') && !classes.includes('punct');
}
