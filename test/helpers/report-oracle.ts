/**
 * What a report's charts must hold, read from the task files independently of src/report: every field by
 * its dotted path (document keys `a.b`, array elements `a[]`), and how many marks its chart has for the
 * basis the page names (bins of the histogram recipe, kept values, bins between stored quantiles or lengths).
 */
import type { DatasetTask, FieldTask } from '../../src/tasks/types.js';

export interface FieldAtPath {
  readonly path: string;
  readonly field: FieldTask;
}

/** Every field of a dataset, nested ones included, parents first. */
export function fieldsWithPaths(task: DatasetTask): FieldAtPath[] {
  const walk = (field: FieldTask, path: string): FieldAtPath[] => [
    { path, field },
    ...(field.fields ?? []).flatMap((child) => walk(child, `${path}.${child.name}`)),
    ...(field.element === undefined ? [] : walk(field.element, `${path}[]`)),
  ];
  return task.fields.flatMap((field) => walk(field, field.name));
}

/** The marks a field's chart holds when drawn from `basis`. */
export function expectedMarks(field: FieldTask, basis: string): number {
  const recipe = field.generator;
  const stats = field.stats;
  switch (basis) {
    case 'histogram':
      return recipe.kind === 'histogram' ? recipe.bins.length : Number.NaN;
    case 'weights':
      return recipe.kind === 'categorical' ? Object.keys(recipe.weights).length : Number.NaN;
    case 'boolean':
      return 2;
    case 'constant':
      return 1;
    case 'top values':
      return stats?.top?.length ?? Number.NaN;
    case 'quantiles': {
      const knots = [
        stats?.min,
        ...['p5', 'p25', 'p50', 'p75', 'p95'].map((name) => stats?.quantiles?.[name]),
        stats?.max,
      ];
      return knots.filter((knot) => knot !== undefined).length - 1;
    }
    case 'lengths': {
      const length = recipe.kind === 'array' || recipe.kind === 'text' ? recipe.length : stats?.length;
      return length === undefined
        ? Number.NaN
        : Object.values(length).filter((value) => value !== undefined).length - 1;
    }
    case 'key presence':
      return (field.fields ?? []).filter((child) => child.stats?.presence !== undefined).length;
    case 'none':
      return 0;
    default:
      return Number.NaN;
  }
}

/** A recipe with bins or kept values must be what the chart draws. */
export function requiredBasis(field: FieldTask): string | undefined {
  switch (field.generator.kind) {
    case 'histogram':
      return 'histogram';
    case 'categorical':
      return 'weights';
    case 'boolean':
      return 'boolean';
    case 'constant':
      return 'constant';
    default:
      return undefined;
  }
}
