/**
 * Checks across the files of a profile, once each file is valid on its own: the plan's sources and datasets
 * agree with the dataset files, every name a relation, a `reference` recipe, a key, an index, a parsed
 * check or a rule uses exists, and every recipe can hold (recipe-sanity.ts). Pure; problems go to each file's problem list.
 */
import type { ParsedCheck } from '../catalog/model.js';
import type { DocumentPath, ProblemList } from './problems.js';
import { checkRecipes } from './recipe-sanity.js';
import { relationThrough } from './relation-through.js';
import type { DatasetTask, FieldTask, Plan, RelationEndTask, RelationTask } from './types.js';

export interface PlanUnderCheck {
  readonly plan: Plan;
  readonly problems: ProblemList;
}

export interface DatasetUnderCheck {
  /** Index of the dataset's entry in `plan.datasets`. */
  readonly entry: number;
  /** Undefined when the file is missing or invalid on its own (its names are then not checked). */
  readonly task: DatasetTask | undefined;
  readonly problems: ProblemList;
}

interface KnownDataset {
  readonly source: string;
  readonly name: string;
  readonly task: DatasetTask | undefined;
}

const keyOf = (source: string, name: string) => `${source}\u0000${name}`;

/** Checks the plan against itself and against the dataset files; records problems where they belong. */
export function checkProfileConsistency(plan: PlanUnderCheck, datasets: readonly DatasetUnderCheck[]): void {
  checkPlanEntries(plan);
  const known = new Map<string, KnownDataset>();
  const tasks = new Map(datasets.map((dataset) => [dataset.entry, dataset.task]));
  for (const [index, entry] of plan.plan.datasets.entries()) {
    const id = keyOf(entry.source, entry.name);
    if (!known.has(id)) known.set(id, { source: entry.source, name: entry.name, task: tasks.get(index) });
  }
  const byName = new Map<string, KnownDataset[]>();
  for (const dataset of known.values())
    byName.set(dataset.name, [...(byName.get(dataset.name) ?? []), dataset]);
  const resolver = { known, byName };

  for (const dataset of datasets) {
    const entry = plan.plan.datasets[dataset.entry];
    if (dataset.task === undefined || entry === undefined) continue;
    checkDatasetTask(dataset.task, entry, dataset.problems, resolver);
  }
  for (const [index, relation] of plan.plan.relations.entries())
    checkRelation(relation, ['relations', index], undefined, plan.problems, resolver);
}

function checkPlanEntries({ plan, problems }: PlanUnderCheck): void {
  const sources = new Set<string>();
  for (const [index, source] of plan.sources.entries()) {
    if (sources.has(source.name))
      problems.add(['sources', index, 'name'], `source "${source.name}" is listed twice`);
    sources.add(source.name);
  }
  const names = new Set<string>();
  const files = new Set<string>();
  for (const [index, dataset] of plan.datasets.entries()) {
    if (!sources.has(dataset.source))
      problems.add(
        ['datasets', index, 'source'],
        `names no source listed under "sources" (known: ${[...sources].join(', ') || 'none'})`,
      );
    const id = keyOf(dataset.source, dataset.name);
    if (names.has(id))
      problems.add(
        ['datasets', index, 'name'],
        `dataset "${dataset.name}" of source "${dataset.source}" is listed twice`,
      );
    names.add(id);
    const fileProblem = describeUnsafeFileName(dataset.file);
    if (fileProblem !== undefined) problems.add(['datasets', index, 'file'], fileProblem);
    else if (files.has(dataset.file.toLowerCase()))
      problems.add(['datasets', index, 'file'], `file "${dataset.file}" is used by another dataset too`);
    files.add(dataset.file.toLowerCase());
  }
}

/** Why `file` cannot be a dataset file inside the profile folder, or undefined when it can. */
export function describeUnsafeFileName(file: string): string | undefined {
  const hasControl = [...file].some((char) => char.charCodeAt(0) < 0x20);
  const plain = /^[^/\\:*?"<>|]+\.yaml$/.test(file) && !file.startsWith('.') && !hasControl;
  if (!plain) return 'must be a plain file name ending in .yaml, inside the profile folder';
  if (file.toLowerCase() === 'plan.yaml') return 'must not be plan.yaml';
  return undefined;
}

interface Resolver {
  readonly known: ReadonlyMap<string, KnownDataset>;
  readonly byName: ReadonlyMap<string, readonly KnownDataset[]>;
}

function checkDatasetTask(
  task: DatasetTask,
  entry: Plan['datasets'][number],
  problems: ProblemList,
  resolver: Resolver,
) {
  if (task.dataset.source !== entry.source)
    problems.add(
      ['dataset', 'source'],
      `is "${task.dataset.source}" but plan.yaml lists this file under source "${entry.source}"`,
    );
  if (task.dataset.name !== entry.name)
    problems.add(
      ['dataset', 'name'],
      `is "${task.dataset.name}" but plan.yaml lists this file for dataset "${entry.name}"`,
    );
  checkFieldNames(task.fields, ['fields'], problems);
  checkRecipes(task, problems);
  const self: KnownDataset = { source: task.dataset.source, name: task.dataset.name, task };
  const own = (names: readonly string[], path: DocumentPath) => {
    for (const [index, name] of names.entries()) checkOwnField(self, name, [...path, index], problems);
  };
  if (task.keys.primary !== undefined) own(task.keys.primary.fields, ['keys', 'primary', 'fields']);
  for (const [index, unique] of task.keys.unique.entries())
    own(unique.fields, ['keys', 'unique', index, 'fields']);
  for (const [index, item] of task.indexes.entries()) own(item.fields, ['indexes', index, 'fields']);
  const ownChecked = (parsed: ParsedCheck, path: DocumentPath) => {
    if (parsed.kind === 'compare') {
      checkOwnField(self, parsed.left, [...path, 'left'], problems);
      checkOwnField(self, parsed.right, [...path, 'right'], problems);
    } else checkOwnField(self, parsed.field, [...path, 'field'], problems);
    if (parsed.kind !== 'when-present') return;
    own(parsed.present, [...path, 'present']);
    if (parsed.check !== undefined) ownChecked(parsed.check, [...path, 'check']);
  };
  for (const [index, check] of task.checks.entries())
    if (check.parsed !== undefined) ownChecked(check.parsed, ['checks', index, 'parsed']);
  for (const [index, rule] of task.rules.entries()) {
    if (rule.kind === 'expression') continue;
    if (rule.kind === 'copies' || rule.kind === 'parent-determines' || rule.kind === 'after-parent') {
      own(rule.relation, ['rules', index, 'relation']);
      if (rule.kind === 'copies')
        for (const field of Object.keys(rule.fields))
          checkOwnField(self, field, ['rules', index, 'fields', field], problems);
      else if (rule.kind === 'after-parent')
        checkOwnField(self, rule.field, ['rules', index, 'field'], problems);
      else checkOwnField(self, rule.determines, ['rules', index, 'determines'], problems);
      if (relationThrough(task, rule.relation) === undefined)
        problems.add(['rules', index, 'relation'], 'names no relation of this dataset');
      continue;
    }
    own(rule.fields, ['rules', index, 'fields']);
    if (rule.kind === 'depends')
      checkOwnField(self, rule.determines, ['rules', index, 'determines'], problems);
  }
  for (const [index, relation] of task.relations.entries())
    checkRelation(relation, ['relations', index], self, problems, resolver);
  walkFields(task.fields, ['fields'], (field, path) => {
    const recipe = field.generator;
    if (recipe.kind !== 'reference') return;
    const target = resolveDataset(
      recipe.source ?? self.source,
      recipe.dataset,
      recipe.source !== undefined,
      resolver,
    );
    if (typeof target === 'string') problems.add([...path, 'generator', 'dataset'], target);
    else if (target.task !== undefined && findField(target.task.fields, recipe.field) === undefined)
      problems.add([...path, 'generator', 'field'], `names no field of dataset "${target.name}"`);
  });
}

function checkOwnField(self: KnownDataset, name: string, path: DocumentPath, problems: ProblemList): void {
  if (self.task !== undefined && findField(self.task.fields, name) === undefined)
    problems.add(path, `names no field of this dataset ("${name}")`);
}

function checkFieldNames(fields: readonly FieldTask[], path: DocumentPath, problems: ProblemList): void {
  const seen = new Set<string>();
  for (const [index, field] of fields.entries()) {
    if (seen.has(field.name)) problems.add([...path, index, 'name'], `field "${field.name}" appears twice`);
    seen.add(field.name);
    if (field.fields !== undefined) checkFieldNames(field.fields, [...path, index, 'fields'], problems);
  }
}

function checkRelation(
  relation: RelationTask,
  path: DocumentPath,
  self: KnownDataset | undefined,
  problems: ProblemList,
  resolver: Resolver,
): void {
  for (const side of ['from', 'to'] as const) {
    const end: RelationEndTask = relation[side];
    const explicitSource = end.source !== undefined || self === undefined;
    const target = resolveDataset(end.source ?? self?.source, end.dataset, explicitSource, resolver);
    if (typeof target === 'string') {
      problems.add([...path, side, 'dataset'], target);
      continue;
    }
    if (target.task === undefined) continue;
    for (const [index, name] of end.fields.entries())
      if (findField(target.task.fields, name) === undefined)
        problems.add(
          [...path, side, 'fields', index],
          `names no field of dataset "${target.name}" ("${name}")`,
        );
  }
  if (relation.from.fields.length !== relation.to.fields.length)
    problems.add(
      [...path, 'to', 'fields'],
      `must name as many fields as "from" (${relation.from.fields.length})`,
    );
}

/**
 * The dataset a relation end or recipe names, or a message saying why none matches. Without a source, a
 * name that is unique across the profile is enough.
 */
function resolveDataset(
  source: string | undefined,
  name: string,
  explicitSource: boolean,
  resolver: Resolver,
): KnownDataset | string {
  if (source !== undefined) {
    const found = resolver.known.get(keyOf(source, name));
    if (found !== undefined) return found;
    return explicitSource
      ? `names no dataset of the profile ("${name}" in source "${source}")`
      : `names no dataset of source "${source}" ("${name}"); add "source:" for a dataset of another source`;
  }
  const candidates = resolver.byName.get(name) ?? [];
  const [only] = candidates;
  if (candidates.length === 1 && only !== undefined) return only;
  return candidates.length === 0
    ? `names no dataset of the profile ("${name}")`
    : `"${name}" exists in several sources (${candidates.map((candidate) => candidate.source).join(', ')}); add "source:"`;
}

/** A field by name, or by a dotted path through nested document fields (`address.city`). */
export function findField(fields: readonly FieldTask[], name: string): FieldTask | undefined {
  const direct = fields.find((field) => field.name === name);
  if (direct !== undefined) return direct;
  const dot = name.indexOf('.');
  if (dot <= 0) return undefined;
  for (let split = dot; split !== -1; split = name.indexOf('.', split + 1)) {
    const parent = fields.find((field) => field.name === name.slice(0, split));
    const children = parent?.fields ?? parent?.element?.fields;
    const found = children === undefined ? undefined : findField(children, name.slice(split + 1));
    if (found !== undefined) return found;
  }
  return undefined;
}

function walkFields(
  fields: readonly FieldTask[],
  path: DocumentPath,
  visit: (field: FieldTask, path: DocumentPath) => void,
): void {
  for (const [index, field] of fields.entries()) walkField(field, [...path, index], visit);
}

function walkField(
  field: FieldTask,
  path: DocumentPath,
  visit: (field: FieldTask, path: DocumentPath) => void,
): void {
  visit(field, path);
  if (field.fields !== undefined) walkFields(field.fields, [...path, 'fields'], visit);
  if (field.element !== undefined) walkField(field.element, [...path, 'element'], visit);
}
