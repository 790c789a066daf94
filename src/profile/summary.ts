/** What a profiling run found, in numbers: the summary the CLI prints at the end. */
import type { FieldTask, Profile } from '../tasks/types.js';

export interface ProfileSummary {
  readonly datasets: number;
  readonly fields: number;
  /** Fields with a detected semantic type, by type. */
  readonly semantics: Readonly<Record<string, number>>;
  readonly personal: number;
  readonly relations: { readonly declared: number; readonly inferred: number };
  readonly rules: number;
  readonly rows: number;
}

/** Counts datasets, fields, semantics, relations and rules of a profile. */
export function summarizeProfile(profile: Profile): ProfileSummary {
  const semantics: Record<string, number> = {};
  let fields = 0;
  let personal = 0;
  let declared = 0;
  let inferred = 0;
  let rules = 0;
  let rows = 0;
  const visit = (field: FieldTask) => {
    if (field.semantic !== undefined)
      semantics[field.semantic.type] = (semantics[field.semantic.type] ?? 0) + 1;
    if (field.semantic?.personal === true) personal++;
  };
  for (const task of profile.datasets) {
    fields += task.fields.length;
    rows += task.sampling.rows;
    rules += task.rules.length;
    for (const field of task.fields) visit(field);
    for (const relation of task.relations) relation.declared ? declared++ : inferred++;
  }
  const sorted = Object.fromEntries(Object.entries(semantics).sort(([a], [b]) => (a < b ? -1 : 1)));
  return {
    datasets: profile.datasets.length,
    fields,
    semantics: sorted,
    personal,
    relations: { declared, inferred },
    rules,
    rows,
  };
}
