/**
 * Compiles one dataset task into a row function: every field's closure is built once, then row `i` is
 * computed from `i` alone (per-field streams reset to (field, i)). References take the parent's key values
 * by computing the parent's fields at the parent's row index, so no generated row is ever looked up.
 * The work is done in named steps, each in its own module: plan the keys (key-plan.ts), compile each
 * field's values (field-steps.ts), the references (relation-steps.ts), the `depends` rules
 * (depends-steps.ts), the `copies` rules (copies-steps.ts), the check repairs (row-rules.ts) and the edge
 * values (edge-steps.ts), then assemble the row functions (assemble-rows.ts).
 */

import { DoppelError } from '../../shared/errors.js';
import { deriveKey, StreamRandom } from '../../shared/random.js';
import type { DatasetTask } from '../../tasks/types.js';
import type { GenerationPlan, PlannedDataset, PlannedRelation } from '../plan/plan.js';
import { compileAfterParentSteps } from './after-parent-steps.js';
import { assembleRows } from './assemble-rows.js';
import { compileCopiesSteps } from './copies-steps.js';
import { compileDependsSteps } from './depends-steps.js';
import { compileEdgeSteps } from './edge-steps.js';
import { compileFieldSteps } from './field-steps.js';
import { planKeys } from './key-plan.js';
import { drawOwnValues } from './ordered-gap.js';
import { compileParentDeterminesSteps } from './parent-determines-steps.js';
import type { ParentChoice } from './parent-mapping.js';
import { compileRelationSteps } from './relation-steps.js';
import { compileRowRepairs, listConstrainedFields } from './row-rules.js';
import type { CompiledDataset, CompileOptions, DatasetContext, ParentDatasets } from './row-steps.js';

/** Compiles datasets of a plan on demand, so parents are compiled when a child first needs them. */
export class DatasetCompiler implements ParentDatasets {
  private readonly compiled = new Map<string, CompiledDataset>();
  private readonly tasks: ReadonlyMap<string, DatasetTask>;
  private readonly planned: ReadonlyMap<string, PlannedDataset>;

  constructor(
    tasks: readonly DatasetTask[],
    private readonly plan: GenerationPlan,
    private readonly options: CompileOptions,
  ) {
    this.tasks = new Map(tasks.map((task) => [task.dataset.name, task]));
    this.planned = new Map(plan.datasets.map((dataset) => [dataset.name, dataset]));
  }

  /** The compiled dataset `name` (compiled once). */
  get(name: string): CompiledDataset {
    const existing = this.compiled.get(name);
    if (existing) return existing;
    const task = this.tasks.get(name);
    const planned = this.planned.get(name);
    if (!task || !planned) throw new DoppelError('usage', `The dataset ${name} is not in the plan.`);
    const dataset = compileDataset(
      task,
      planned,
      this.plan.relations.filter((relation) => relation.child === name),
      this,
      this.options,
    );
    this.compiled.set(name, dataset);
    return dataset;
  }

  /** Row index space of a planned dataset. */
  spaceOf(name: string): number {
    const planned = this.planned.get(name);
    return planned ? planned.offset + planned.rows : 0;
  }

  /**
   * The parent rows children may reference: this run's rows [offset, offset + rows). Rows before the offset
   * (earlier runs, or rows already in the target under --respect-existing) may be gone or never have been
   * generated, so they are never referenced.
   */
  parentRange(name: string): { readonly first: number; readonly count: number } {
    const planned = this.planned.get(name);
    return planned ? { first: planned.offset, count: planned.rows } : { first: 0, count: 0 };
  }
}

function compileDataset(
  task: DatasetTask,
  planned: PlannedDataset,
  relations: readonly PlannedRelation[],
  parents: ParentDatasets,
  options: CompileOptions,
): CompiledDataset {
  const name = task.dataset.name;
  const keys = planKeys(task, planned, relations, parents);
  const streamKeys = new Map(
    keys.output.map((field) => [field.name, deriveKey(options.seed, name, field.name)]),
  );
  const context: DatasetContext = {
    name,
    task,
    planned,
    relations,
    keys,
    constrained: listConstrainedFields(task),
    parents,
    options,
    random: new StreamRandom(),
    streamKey: (field) => streamKeys.get(field) ?? deriveKey(options.seed, name, field),
  };
  const fields = compileFieldSteps(context);
  const choices = new Map<string, ParentChoice>();
  const relationSteps = compileRelationSteps(context, choices);
  return assembleRows(context, {
    fields,
    relations: relationSteps,
    lookups: [
      ...compileParentDeterminesSteps(context, choices, fields.generators),
      ...compileAfterParentSteps(context, choices, fields.generators),
    ],
    depends: compileDependsSteps(context, fields.generators),
    copies: compileCopiesSteps(context, choices),
    repairs: compileRowRepairs(task, (field) => {
      const generate = fields.generators.get(field.name);
      return generate && drawOwnValues(field, generate, context.streamKey(field.name));
    }),
    edges: compileEdgeSteps(context),
  });
}
