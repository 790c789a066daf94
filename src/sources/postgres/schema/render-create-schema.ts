/**
 * Renders the DDL that recreates a profile's schema on PostgreSQL from the task files alone, in dependency
 * order: schemas, enums / composites / ranges / domains (dependencies first, including a domain's base type),
 * serial sequences, tables (parents before partitions and inheritance children) with columns, defaults,
 * identity, generated expressions, primary / unique / check constraints, then indexes, exclusion constraints,
 * foreign keys (after every table, so cycles work), sequence ownership, views and materialized views (those
 * whose task carries a definition; a view that mentions another comes after it) and comments. Foreign tables
 * are not recreated. Pure.
 */
import type { ReferentialAction } from '../../../catalog/model.js';
import type { DatasetTask, FieldTask, Profile, RelationTask, TypeTask } from '../../../tasks/types.js';
import { quoteIdentifier, quoteIdentifierList, quoteLiteral, quoteQualified } from '../identifiers.js';

const BUILTIN_RANGES = new Set(['int4range', 'int8range', 'numrange', 'tsrange', 'tstzrange', 'daterange']);
const TABLE_KINDS = new Set(['table', 'partitioned-table', 'partition']);
const VIEW_KINDS = new Set(['view', 'materialized-view']);
/** Exclusion constraints whose operators need btree_gist: equality or inequality over gist. */
const NEEDS_BTREE_GIST = /\bUSING gist\b.*\bWITH (?:=|<>)(?:\s*[,)])/is;
const ACTIONS: Readonly<Record<ReferentialAction, string>> = {
  'no-action': 'NO ACTION',
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  'set-null': 'SET NULL',
  'set-default': 'SET DEFAULT',
};

/** DDL statements that create the profile's schema in an empty database, in dependency order. */
export function renderCreateSchema(profile: Profile): string[] {
  const datasets = orderTables(profile.datasets.filter((task) => TABLE_KINDS.has(task.dataset.kind)));
  const byName = new Map(datasets.map((task) => [task.dataset.name, task]));
  const tableName = (name: string) => {
    const task = byName.get(name);
    if (task !== undefined) return quoteQualified(task.dataset.namespace, task.dataset.local);
    const dot = name.indexOf('.');
    return dot < 0 ? quoteIdentifier(name) : quoteQualified(name.slice(0, dot), name.slice(dot + 1));
  };
  const views = orderViews(
    profile.datasets.filter(
      (task) => VIEW_KINDS.has(task.dataset.kind) && task.dataset.definition !== undefined,
    ),
  );
  const types = renderTypes(datasets);
  const namespaces = new Set<string>();
  for (const task of datasets)
    if (task.dataset.namespace !== undefined) namespaces.add(task.dataset.namespace);
  const quotedNamespaces = new Set([...[...namespaces].sort().map(quoteIdentifier), ...types.namespaces]);
  for (const task of views)
    if (task.dataset.namespace !== undefined) quotedNamespaces.add(quoteIdentifier(task.dataset.namespace));
  const exclusions = datasets.flatMap((task) =>
    (task.exclusions ?? []).map((exclusion) => ({ task, exclusion })),
  );
  const statements: string[] = [
    ...[...quotedNamespaces].map((name) => `CREATE SCHEMA IF NOT EXISTS ${name}`),
    ...(exclusions.some(({ exclusion }) => NEEDS_BTREE_GIST.test(exclusion.definition))
      ? ['CREATE EXTENSION IF NOT EXISTS btree_gist']
      : []),
    ...types.statements,
  ];
  const sequences = datasets.flatMap((task) =>
    task.fields
      .filter((field) => field.sequence !== undefined && field.identity === undefined)
      .map((field) => ({ task, field, sequence: field.sequence as string })),
  );
  for (const { sequence } of sequences) statements.push(`CREATE SEQUENCE IF NOT EXISTS ${sequence}`);
  for (const task of datasets) statements.push(renderTable(task, tableName));
  for (const task of datasets) statements.push(...renderIndexes(task));
  for (const { task, exclusion } of exclusions)
    statements.push(
      `ALTER TABLE ${tableOf(task)} ADD ${exclusion.name !== undefined ? `CONSTRAINT ${quoteIdentifier(exclusion.name)} ` : ''}${exclusion.definition}`,
    );
  for (const task of datasets)
    for (const relation of task.relations) {
      const statement = renderForeignKey(task, relation, tableName);
      if (statement !== undefined) statements.push(statement);
    }
  for (const { task, field, sequence } of sequences)
    statements.push(`ALTER SEQUENCE ${sequence} OWNED BY ${tableOf(task)}.${quoteIdentifier(field.name)}`);
  for (const task of views) statements.push(renderView(task), ...renderIndexes(task));
  for (const task of [...datasets, ...views]) statements.push(...renderComments(task));
  return statements;
}

/** A view after the views its definition mentions (by qualified or local name); otherwise profile order. */
function orderViews(tasks: readonly DatasetTask[]): DatasetTask[] {
  const mentions = (task: DatasetTask, other: DatasetTask): boolean => {
    const text = task.dataset.definition ?? '';
    const local = quoteIdentifier(other.dataset.local);
    const escaped = local.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(^|[^\\w$"])${escaped}($|[^\\w$"])`).test(text);
  };
  const done = new Set<DatasetTask>();
  const visiting = new Set<DatasetTask>();
  const ordered: DatasetTask[] = [];
  const visit = (task: DatasetTask): void => {
    if (done.has(task) || visiting.has(task)) return;
    visiting.add(task);
    for (const other of tasks) if (other !== task && mentions(task, other)) visit(other);
    visiting.delete(task);
    done.add(task);
    ordered.push(task);
  };
  for (const task of tasks) visit(task);
  return ordered;
}

function renderView(task: DatasetTask): string {
  const query = (task.dataset.definition ?? '').trim().replace(/;+$/, '');
  const kind = task.dataset.kind === 'materialized-view' ? 'MATERIALIZED VIEW' : 'VIEW';
  return `CREATE ${kind} ${tableOf(task)} AS\n${query}`;
}

function tableOf(task: DatasetTask): string {
  return quoteQualified(task.dataset.namespace, task.dataset.local);
}

/** Parents before their partitions and inheritance children; otherwise the profile's order. */
function orderTables(tasks: readonly DatasetTask[]): DatasetTask[] {
  const names = new Set(tasks.map((task) => task.dataset.name));
  const done = new Set<string>();
  const ordered: DatasetTask[] = [];
  const visit = (task: DatasetTask, depth: number) => {
    if (done.has(task.dataset.name) || depth > tasks.length) return;
    const parent = task.dataset.partition_of;
    if (parent !== undefined && names.has(parent)) {
      const parentTask = tasks.find((candidate) => candidate.dataset.name === parent);
      if (parentTask !== undefined) visit(parentTask, depth + 1);
    }
    done.add(task.dataset.name);
    ordered.push(task);
  };
  for (const task of tasks) visit(task, 0);
  return ordered;
}

/** CREATE TYPE / CREATE DOMAIN statements for every user type the fields use, dependencies first. */
function renderTypes(tasks: readonly DatasetTask[]): { statements: string[]; namespaces: Set<string> } {
  const statements: string[] = [];
  const namespaces = new Set<string>();
  const seen = new Set<string>();
  const visit = (type: TypeTask): void => {
    if (type.domain !== undefined) visit(domainBase(type));
    if (type.element !== undefined) visit(type.element);
    if (type.range_of !== undefined) visit(type.range_of);
    for (const attribute of type.attributes ?? []) visit(attribute.type);
    const statement = renderType(type);
    if (statement === undefined || seen.has(type.native)) return;
    seen.add(type.native);
    const namespace = /^((?:"(?:[^"]|"")+")|[^".]+)\./.exec(type.native)?.[1];
    if (namespace !== undefined)
      namespaces.add(namespace.startsWith('"') ? namespace : quoteIdentifier(namespace));
    statements.push(statement);
  };
  for (const task of tasks) for (const field of task.fields) visit(field.type);
  return { statements, namespaces };
}

/** The type a domain is over: the same facts (labels, attributes, range subtype) under the base's name. */
function domainBase(type: TypeTask): TypeTask {
  const { domain, ...base } = type;
  return { ...base, native: domain?.base ?? type.native };
}

function renderType(type: TypeTask): string | undefined {
  if (type.domain !== undefined) {
    const checks = type.domain.checks.map(
      (check) =>
        `${check.name !== undefined ? ` CONSTRAINT ${quoteIdentifier(check.name)}` : ''} CHECK (${check.expression})`,
    );
    return `CREATE DOMAIN ${type.native} AS ${type.domain.base}${type.domain.not_null ? ' NOT NULL' : ''}${checks.join('')}`;
  }
  if (type.logical === 'enum' && type.labels !== undefined)
    return `CREATE TYPE ${type.native} AS ENUM (${type.labels.map(quoteLiteral).join(', ')})`;
  if (type.logical === 'object' && type.attributes !== undefined && !/^jsonb?$/.test(type.native))
    return `CREATE TYPE ${type.native} AS (${type.attributes
      .map((attribute) => `${quoteIdentifier(attribute.name)} ${attribute.type.native}`)
      .join(', ')})`;
  if (type.logical === 'range' && type.range_of !== undefined && !BUILTIN_RANGES.has(type.native))
    return `CREATE TYPE ${type.native} AS RANGE (subtype = ${type.range_of.native})`;
  return undefined;
}

function renderColumn(field: FieldTask): string {
  // format_type prints every array as one-dimensional; the declared dimensions are restored here.
  const extraDimensions = field.type.logical === 'array' ? Math.max(0, (field.type.dimensions ?? 1) - 1) : 0;
  const parts = [quoteIdentifier(field.name), `${field.type.native}${'[]'.repeat(extraDimensions)}`];
  if (field.collation !== undefined) parts.push(`COLLATE ${field.collation}`);
  if (field.generated !== undefined) parts.push(`GENERATED ALWAYS AS (${field.generated}) STORED`);
  else if (field.identity !== undefined)
    parts.push(`GENERATED ${field.identity === 'always' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`);
  else if (field.default !== undefined) parts.push(`DEFAULT ${field.default}`);
  if (!field.nullable) parts.push('NOT NULL');
  return parts.join(' ');
}

function renderTable(task: DatasetTask, tableName: (name: string) => string): string {
  const header = task.dataset;
  if (header.partition_of !== undefined && header.partition_bound !== undefined)
    return `CREATE TABLE ${tableOf(task)} PARTITION OF ${tableName(header.partition_of)} ${header.partition_bound}`;
  const named = (name: string | undefined) =>
    name !== undefined ? `CONSTRAINT ${quoteIdentifier(name)} ` : '';
  const lines = task.fields.map(renderColumn);
  if (task.keys.primary !== undefined)
    lines.push(
      `${named(task.keys.primary.name)}PRIMARY KEY (${quoteIdentifierList(task.keys.primary.fields)})`,
    );
  for (const unique of task.keys.unique)
    if (unique.via === 'constraint')
      lines.push(
        `${named(unique.name)}UNIQUE${unique.nulls_not_distinct ? ' NULLS NOT DISTINCT' : ''} (${quoteIdentifierList(unique.fields)})`,
      );
  for (const check of task.checks) lines.push(`${named(check.name)}CHECK (${check.expression})`);
  const inherits = header.partition_of !== undefined ? ` INHERITS (${tableName(header.partition_of)})` : '';
  const partitionBy = header.partition_key !== undefined ? ` PARTITION BY ${header.partition_key}` : '';
  return `CREATE TABLE ${tableOf(task)} (\n  ${lines.join(',\n  ')}\n)${inherits}${partitionBy}`;
}

function renderIndexes(task: DatasetTask): string[] {
  // A declarative partition receives its parent's indexes.
  if (task.dataset.partition_bound !== undefined) return [];
  const constraintNames = new Set<string>();
  if (task.keys.primary?.name !== undefined) constraintNames.add(task.keys.primary.name);
  // An exclusion constraint creates its own index.
  for (const exclusion of task.exclusions ?? [])
    if (exclusion.name !== undefined) constraintNames.add(exclusion.name);
  for (const unique of task.keys.unique)
    if (unique.via === 'constraint' && unique.name) constraintNames.add(unique.name);
  const indexes = task.indexes.filter((index) => !constraintNames.has(index.name));
  const indexNames = new Set(indexes.map((index) => index.name));
  const uniqueOnly = task.keys.unique
    .filter((unique) => unique.via === 'index' && (unique.name === undefined || !indexNames.has(unique.name)))
    .map((unique) => ({ ...unique, name: unique.name ?? '', method: 'btree', unique: true }));
  return [...indexes, ...uniqueOnly].map((index) => {
    const keys = [
      ...index.fields.map(quoteIdentifier),
      ...(index.expressions ?? []).map((text) => `(${text})`),
    ];
    const name = index.name === '' ? '' : `${quoteIdentifier(index.name)} `;
    const where = index.predicate !== undefined ? ` WHERE ${index.predicate}` : '';
    const nullsNotDistinct = task.keys.unique.some(
      (unique) => unique.via === 'index' && unique.name === index.name && unique.nulls_not_distinct,
    )
      ? ' NULLS NOT DISTINCT'
      : '';
    return `CREATE ${index.unique ? 'UNIQUE ' : ''}INDEX ${name}ON ${tableOf(task)} USING ${index.method} (${keys.join(', ')})${nullsNotDistinct}${where}`;
  });
}

function renderForeignKey(
  task: DatasetTask,
  relation: RelationTask,
  tableName: (name: string) => string,
): string | undefined {
  if (!relation.declared) return undefined;
  if (relation.to.source !== undefined && relation.to.source !== task.dataset.source) return undefined;
  const child = relation.from.dataset === '' ? task.dataset.name : relation.from.dataset;
  const parts = [
    `ALTER TABLE ${tableName(child)} ADD`,
    relation.name !== undefined ? `CONSTRAINT ${quoteIdentifier(relation.name)}` : '',
    `FOREIGN KEY (${quoteIdentifierList(relation.from.fields)})`,
    `REFERENCES ${tableName(relation.to.dataset)} (${quoteIdentifierList(relation.to.fields)})`,
    relation.match === 'full' ? 'MATCH FULL' : '',
    relation.on_delete !== undefined && relation.on_delete !== 'no-action'
      ? `ON DELETE ${ACTIONS[relation.on_delete]}`
      : '',
    relation.on_update !== undefined && relation.on_update !== 'no-action'
      ? `ON UPDATE ${ACTIONS[relation.on_update]}`
      : '',
    relation.deferrable
      ? `DEFERRABLE INITIALLY ${relation.initially_deferred ? 'DEFERRED' : 'IMMEDIATE'}`
      : '',
  ];
  return parts.filter((part) => part !== '').join(' ');
}

function renderComments(task: DatasetTask): string[] {
  const statements: string[] = [];
  const kind =
    task.dataset.kind === 'view'
      ? 'VIEW'
      : task.dataset.kind === 'materialized-view'
        ? 'MATERIALIZED VIEW'
        : 'TABLE';
  if (task.dataset.comment !== undefined)
    statements.push(`COMMENT ON ${kind} ${tableOf(task)} IS ${quoteLiteral(task.dataset.comment)}`);
  for (const field of task.fields)
    if (field.comment !== undefined)
      statements.push(
        `COMMENT ON COLUMN ${tableOf(task)}.${quoteIdentifier(field.name)} IS ${quoteLiteral(field.comment)}`,
      );
  return statements;
}
