/**
 * The generation plan: which datasets, how many rows each, in which order (parents before children), and how
 * every foreign-key cycle is handled. Cycles are found as strongly connected components; in each, one
 * relation is broken: a self reference needs nothing (one COPY checks at statement end), a deferrable
 * constraint is deferred, a nullable reference is loaded null and updated after, and otherwise the target
 * disables triggers for the load. The target executes the strategy; this module only decides it, from the
 * target's capabilities when a target is given: a cycle the target cannot load is refused here, before
 * anything is written.
 */
import { type NamedDataset, resolveDatasetName, resolveDatasetNames } from '../../catalog/dataset-names.js';
import { DoppelError } from '../../shared/errors.js';
import type { Capabilities } from '../../sources/contract.js';
import { relationThrough } from '../../tasks/relation-through.js';
import type { CardinalityStats, DatasetTask, Profile, RelationTask } from '../../tasks/types.js';

export type CycleStrategy = 'self-reference' | 'deferred' | 'null-then-update' | 'disable-triggers';

/** One relation between two datasets of the profile, resolved to dataset names. */
export interface PlannedRelation {
  /** Stable id: `child(fields)->parent(fields)`. */
  readonly id: string;
  readonly name?: string;
  readonly child: string;
  readonly childFields: readonly string[];
  readonly parent: string;
  readonly parentFields: readonly string[];
  /** Every child field may be null. */
  readonly nullable: boolean;
  readonly deferrable: boolean;
  readonly cardinality?: CardinalityStats;
}

export interface PlannedCycle {
  readonly datasets: readonly string[];
  /** The relation whose constraint is relaxed while loading. */
  readonly relation: string;
  readonly strategy: CycleStrategy;
}

export interface PlannedDataset {
  readonly name: string;
  readonly source: string;
  /** Rows of the whole dataset (all shards). */
  readonly rows: number;
  /** First row index of this run (previous runs' rows come before it under --respect-existing). */
  readonly offset: number;
  /** Row index range this run (or shard) writes: [start, end). */
  readonly start: number;
  readonly end: number;
  /** False when the dataset is kept in the plan only because others reference it. */
  readonly generate: boolean;
  readonly reason?: string;
}

export interface GenerationPlan {
  /** In load order: parents first. */
  readonly datasets: readonly PlannedDataset[];
  readonly relations: readonly PlannedRelation[];
  readonly cycles: readonly PlannedCycle[];
}

export interface PlanOptions {
  readonly scale?: number;
  /** Scale lookup tables (`dataset.lookup`) too; by default they keep their profiled rows. */
  readonly scaleLookups?: boolean;
  readonly rows?: Readonly<Record<string, number>>;
  readonly only?: readonly string[];
  readonly skip?: readonly string[];
  readonly shard?: { readonly index: number; readonly count: number };
  /** Rows already present per dataset from earlier runs: this run's indexes start after them. */
  readonly offsets?: Readonly<Record<string, number>>;
  /** The database the run loads into: cycle strategies are chosen from what it can do. */
  readonly target?: PlanTarget;
}

/** A target as the plan sees it: its kind's name (for messages) and its capabilities. */
export interface PlanTarget {
  readonly name: string;
  readonly capabilities: Capabilities;
}

function relationId(
  child: string,
  childFields: readonly string[],
  parent: string,
  parentFields: readonly string[],
): string {
  return `${child}(${childFields.join(',')})->${parent}(${parentFields.join(',')})`;
}

/** Every relation of the profile (dataset files, plan.yaml, and reference recipes without one). */
export function collectRelations(profile: Profile): PlannedRelation[] {
  const byName = new Map(profile.datasets.map((task) => [task.dataset.name, task]));
  const relations = new Map<string, PlannedRelation>();
  const add = (childName: string, relation: RelationTask) => {
    const child = byName.get(relation.from.dataset || childName) ?? byName.get(childName);
    const parent = byName.get(relation.to.dataset);
    if (!child) return;
    if (!parent) {
      throw new DoppelError(
        'invalidInput',
        `${childName}: the relation on (${relation.from.fields.join(', ')}) references ${relation.to.dataset}, which is not in the profile.`,
      );
    }
    const childFields = relation.from.fields;
    const id = relationId(child.dataset.name, childFields, parent.dataset.name, relation.to.fields);
    const nullable = childFields.every(
      (name) => child.fields.find((field) => field.name === name)?.nullable ?? false,
    );
    const planned: PlannedRelation = {
      id,
      child: child.dataset.name,
      childFields,
      parent: parent.dataset.name,
      parentFields: relation.to.fields,
      nullable,
      deferrable: relation.deferrable ?? false,
      ...(relation.name === undefined ? {} : { name: relation.name }),
      ...(relation.cardinality === undefined ? {} : { cardinality: relation.cardinality }),
    };
    if (!relations.has(id)) relations.set(id, planned);
  };
  for (const task of profile.datasets)
    for (const relation of task.relations) add(task.dataset.name, relation);
  for (const relation of profile.plan.relations) add(relation.from.dataset, relation);
  for (const task of profile.datasets) {
    for (const field of task.fields) {
      if (field.generator.kind !== 'reference') continue;
      const covered = [...relations.values()].some(
        (relation) => relation.child === task.dataset.name && relation.childFields.includes(field.name),
      );
      if (!covered) {
        add(task.dataset.name, {
          from: { dataset: task.dataset.name, fields: [field.name] },
          to: { dataset: field.generator.dataset, fields: [field.generator.field] },
          declared: false,
        });
      }
    }
  }
  return [...relations.values()];
}

/** Strongly connected components (Tarjan), each listed in a stable order. */
function findComponents(names: readonly string[], edges: ReadonlyMap<string, readonly string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  const visit = (name: string) => {
    index.set(name, counter);
    low.set(name, counter++);
    stack.push(name);
    onStack.add(name);
    for (const next of edges.get(name) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(name, Math.min(low.get(name)!, low.get(next)!));
      } else if (onStack.has(next)) low.set(name, Math.min(low.get(name)!, index.get(next)!));
    }
    if (low.get(name) === index.get(name)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== name);
      components.push(component.sort());
    }
  };
  for (const name of names) if (!index.has(name)) visit(name);
  return components;
}

/**
 * How a relation that closes a cycle is loaded, or undefined when the target can do none of it. Without a
 * target (files, plans alone) every strategy is assumed possible.
 */
function chooseStrategy(relation: PlannedRelation, target?: PlanTarget): CycleStrategy | undefined {
  const can = target?.capabilities;
  if (relation.child === relation.parent) {
    // A nullable self-reference is loaded null and updated after (see listUpdatedRelations).
    if (relation.nullable) return !can || can.updateByKeys ? 'self-reference' : undefined;
    return !can || can.selfReferenceInOneLoad ? 'self-reference' : undefined;
  }
  if (relation.deferrable && (!can || can.deferrableConstraints)) return 'deferred';
  if (relation.nullable && (!can || can.updateByKeys)) return 'null-then-update';
  if (!can || can.disableForeignKeyChecks) return 'disable-triggers';
  return undefined;
}

/** What a relation would need to be loaded in a cycle, and which of it the target lacks. */
function describeLack(relation: PlannedRelation, target: PlanTarget): string {
  const label = relation.name ?? relation.id;
  if (relation.child === relation.parent)
    return relation.nullable
      ? `${label} is loaded null and set after loading, but ${target.name} targets cannot update rows by key`
      : `${label} needs the rows checked at the end of one load, which ${target.name} targets cannot do`;
  const ways = [
    relation.deferrable
      ? `${label} is DEFERRABLE, but ${target.name} targets cannot defer constraints`
      : `${label} is not DEFERRABLE`,
    relation.nullable
      ? `its fields are nullable, but ${target.name} targets cannot update rows by key afterwards`
      : 'its fields are NOT NULL',
    `${target.name} targets cannot switch foreign-key checks off`,
  ];
  return ways.join(', ');
}

function refuseCycle(
  datasets: readonly string[],
  inside: readonly PlannedRelation[],
  target: PlanTarget,
): never {
  throw new DoppelError(
    'refused',
    `The foreign-key cycle ${datasets.join(' → ')} cannot be loaded into ${target.name}: ${inside
      .map((relation) => describeLack(relation, target))
      .join('; ')}. Nothing was written.`,
  );
}

/** Orders datasets parents-first and decides how each cycle is loaded. */
export function orderDatasets(
  names: readonly string[],
  relations: readonly PlannedRelation[],
  target?: PlanTarget,
): { order: string[]; cycles: PlannedCycle[] } {
  const cycles: PlannedCycle[] = [];
  const strategyOf = (relation: PlannedRelation, datasets: readonly string[], inside: PlannedRelation[]) =>
    chooseStrategy(relation, target) ?? refuseCycle(datasets, inside, target as PlanTarget);
  for (const relation of relations) {
    if (relation.child === relation.parent)
      cycles.push({
        datasets: [relation.child],
        relation: relation.id,
        strategy: strategyOf(relation, [relation.child, relation.child], [relation]),
      });
  }
  // Edges child -> parent; a component with more than one dataset is a cycle to break.
  const edges = new Map<string, string[]>();
  for (const relation of relations) {
    if (relation.child !== relation.parent)
      edges.set(relation.child, [...(edges.get(relation.child) ?? []), relation.parent]);
  }
  const broken = new Set<string>();
  for (const component of findComponents(names, edges)) {
    if (component.length < 2) continue;
    const inside = relations.filter(
      (r) => r.child !== r.parent && component.includes(r.child) && component.includes(r.parent),
    );
    // Best strategy first; a relation the target cannot load at all ranks last.
    const rank = (relation: PlannedRelation) => {
      const strategy = chooseStrategy(relation, target);
      return strategy === undefined
        ? 3
        : ['deferred', 'null-then-update', 'disable-triggers'].indexOf(strategy);
    };
    const pick = [...inside].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id))[0];
    if (!pick) continue;
    broken.add(pick.id);
    cycles.push({
      datasets: component,
      relation: pick.id,
      strategy: strategyOf(pick, [...component, component[0]!], inside),
    });
  }
  // Kahn's algorithm over the remaining edges, ties broken by profile order (stable output).
  const remaining = relations.filter((r) => r.child !== r.parent && !broken.has(r.id));
  const order: string[] = [];
  const placed = new Set<string>();
  while (order.length < names.length) {
    const ready = names.find(
      (name) =>
        !placed.has(name) &&
        remaining.every((r) => r.child !== name || placed.has(r.parent) || !names.includes(r.parent)),
    );
    // A cycle that survived breaking (several relations in one component): place the first unplaced dataset.
    const next = ready ?? names.find((name) => !placed.has(name))!;
    if (!ready) {
      for (const r of remaining.filter((r) => r.child === next && !placed.has(r.parent))) {
        cycles.push({
          datasets: [next, r.parent],
          relation: r.id,
          strategy: strategyOf(r, [next, r.parent, next], [r]),
        });
        broken.add(r.id);
      }
    }
    placed.add(next);
    order.push(next);
  }
  return { order, cycles };
}

/**
 * The row count of `task` under the options (explicit rows, by qualified name, win over scale). A lookup
 * table keeps its profiled rows under any scale unless `scaleLookups`: its children grow instead, each parent
 * taking its measured share of more of them. A scale above 0 leaves a table with rows at least one (a
 * language table of 6 rows at 0.05 still has the one its films reference); a table keyed by two references
 * has at most one row per pair of its parents' rows (`resolved`: the parents' counts).
 */
export function resolveRows(
  task: DatasetTask,
  options: PlanOptions,
  resolved: ReadonlyMap<string, number> = new Map(),
): number {
  const explicit = options.rows?.[task.dataset.name];
  if (explicit !== undefined) return Math.max(0, Math.floor(explicit));
  const scale = task.dataset.lookup === true && options.scaleLookups !== true ? 1 : (options.scale ?? 1);
  const scaled = Math.round(task.dataset.rows * scale);
  const rows = task.dataset.rows > 0 && scale > 0 ? Math.max(1, scaled) : Math.max(0, scaled);
  return Math.min(rows, pairsOfParents(task, resolved));
}

/** Rows a dataset whose primary key is two one-field references can have: its parents' rows multiplied. */
function pairsOfParents(task: DatasetTask, resolved: ReadonlyMap<string, number>): number {
  const key = task.keys.primary?.fields ?? [];
  if (key.length !== 2) return Number.POSITIVE_INFINITY;
  let pairs = 1;
  for (const field of key) {
    const relation = relationThrough(task, [field]);
    if (relation === undefined || relation.to.source !== undefined) return Number.POSITIVE_INFINITY;
    const parentRows = resolved.get(relation.to.dataset);
    if (parentRows === undefined) return Number.POSITIVE_INFINITY;
    pairs *= parentRows;
  }
  return pairs;
}

/** The [start, end) slice of `rows` that shard `index` of `count` writes. */
export function shardRange(
  rows: number,
  shard: { readonly index: number; readonly count: number } | undefined,
): [number, number] {
  if (!shard || shard.count <= 1) return [0, rows];
  return [
    Math.floor((rows * shard.index) / shard.count),
    Math.floor((rows * (shard.index + 1)) / shard.count),
  ];
}

/** `rows` keyed by qualified name: each key is resolved as the user typed it (a later key wins). */
function rowsByName(rows: Readonly<Record<string, number>>, datasets: readonly NamedDataset[]) {
  const resolved: Record<string, number> = {};
  for (const [typed, count] of Object.entries(rows)) {
    for (const name of resolveDatasetName(typed, datasets, 'rows')) resolved[name] = count;
  }
  return resolved;
}

/** Plans a run over `profile`: datasets in load order with sizes and shard ranges, relations, cycles. */
export function createPlan(profile: Profile, plan: PlanOptions = {}): GenerationPlan {
  const named = profile.datasets.map((task) => task.dataset);
  const only = plan.only && plan.only.length > 0 ? resolveDatasetNames(plan.only, named, 'only') : undefined;
  const skip = resolveDatasetNames(plan.skip ?? [], named, 'skip');
  const options = { ...plan, rows: rowsByName(plan.rows ?? {}, named) };
  const relations = collectRelations(profile);
  const names = profile.datasets.map((task) => task.dataset.name);
  const { order, cycles } = orderDatasets(names, relations, options.target);
  const enabled = new Map(profile.plan.datasets.map((entry) => [entry.name, entry.enabled]));
  const byName = new Map(profile.datasets.map((task) => [task.dataset.name, task]));
  const resolved = new Map<string, number>();
  const datasets = order.map((name): PlannedDataset => {
    const task = byName.get(name)!;
    const rows = resolveRows(task, options, resolved);
    resolved.set(name, rows);
    const offset = options.offsets?.[name] ?? 0;
    const [start, end] = shardRange(rows, options.shard);
    let reason: string | undefined;
    if (!task.dataset.writable) reason = `a ${task.dataset.kind} is not written`;
    else if (enabled.get(name) === false) reason = 'disabled in plan.yaml';
    else if (only !== undefined && !only.has(name)) reason = 'not in --only';
    else if (skip.has(name)) reason = 'in --skip';
    return {
      name,
      source: task.dataset.source,
      rows,
      offset,
      start: offset + start,
      end: offset + end,
      generate: reason === undefined,
      ...(reason === undefined ? {} : { reason }),
    };
  });
  return { datasets, relations, cycles };
}
