/**
 * Renders the DDL that creates a profile's tables on MySQL/MariaDB from the task files alone: InnoDB tables
 * with columns, primary and unique keys and comments, then indexes, then foreign keys (after every table, so
 * cycles work). A dataset profiled on MySQL keeps what its server printed (native types, defaults,
 * auto_increment, generated expressions, collations, checks, FULLTEXT and SPATIAL indexes); a dataset from
 * another engine gets types chosen from its neutral facts (`column-type.ts`) and none of its engine's
 * expression text (defaults, checks, partial or expression indexes), which MySQL would not parse; the
 * generator still keeps its checks. Views are not recreated (their text names the source's databases).
 * Every statement says which table it creates, so a failed run can drop exactly those. Pure.
 */
import type { ReferentialAction } from '../../../catalog/model.js';
import type { DatasetTask, FieldTask, Profile, RelationTask } from '../../../tasks/types.js';
import { quoteIdentifier, quoteIdentifierList, quoteLiteral } from '../identifiers.js';
import type { PlaceTable, TablePlace } from '../sink/table-place.js';
import { mapColumnType } from './column-type.js';

export interface SchemaStatement {
  readonly sql: string;
  /** The table this statement creates. */
  readonly creates?: TablePlace;
}

const TABLE_KINDS = new Set(['table', 'partitioned-table']);
/** Natives that need a prefix length in an index. */
const PREFIXED_NATIVE = /^(tiny|medium|long)?(text|blob)\b/i;
const INDEX_PREFIX = 255;
const ACTIONS: Readonly<Record<ReferentialAction, string | undefined>> = {
  'no-action': undefined,
  restrict: 'RESTRICT',
  cascade: 'CASCADE',
  'set-null': 'SET NULL',
  // InnoDB parses SET DEFAULT but refuses it.
  'set-default': undefined,
};

/** DDL statements that create the profile's tables in an empty database, tables before foreign keys. */
export function renderCreateSchema(profile: Profile, place: PlaceTable): SchemaStatement[] {
  const mysqlSources = new Set(
    profile.plan.sources.filter((source) => source.kind === 'mysql').map((source) => source.name),
  );
  const tables = profile.datasets.filter((task) => TABLE_KINDS.has(task.dataset.kind));
  const byName = new Map(tables.map((task) => [task.dataset.name, task]));
  const statements: SchemaStatement[] = [];
  for (const task of tables) {
    const native = mysqlSources.has(task.dataset.source);
    statements.push({ sql: renderTable(task, place(task).quoted, native), creates: place(task) });
  }
  for (const task of tables)
    for (const sql of renderIndexes(task, place(task).quoted, mysqlSources.has(task.dataset.source)))
      statements.push({ sql });
  for (const task of tables)
    for (const relation of task.relations) {
      const parent = byName.get(relation.to.dataset);
      if (!relation.declared || parent === undefined) continue;
      if (relation.to.source !== undefined && relation.to.source !== task.dataset.source) continue;
      statements.push({ sql: renderForeignKey(place(task).quoted, place(parent).quoted, relation) });
    }
  return statements;
}

/** Fields a key or an index covers: text needs a bounded type (or a prefix) there. */
function keyedFields(task: DatasetTask): Set<string> {
  return new Set([
    ...(task.keys.primary?.fields ?? []),
    ...task.keys.unique.flatMap((key) => key.fields),
    ...task.indexes.flatMap((index) => index.fields),
    ...task.relations.flatMap((relation) => relation.from.fields),
  ]);
}

function renderColumn(field: FieldTask, task: DatasetTask, native: boolean, keyed: boolean): string {
  const parts = [quoteIdentifier(field.name)];
  if (!native) {
    parts.push(mapColumnType(field, task.dataset.name, keyed));
    // A generated column of another engine becomes a plain column: its expression is that engine's.
    if (!field.nullable && field.generated === undefined) parts.push('NOT NULL');
    return parts.join(' ');
  }
  parts.push(field.type.native);
  if (field.collation !== undefined) parts.push(`COLLATE ${field.collation}`);
  if (field.generated !== undefined) parts.push(`GENERATED ALWAYS AS (${field.generated}) STORED`);
  else {
    if (!field.nullable) parts.push('NOT NULL');
    if (field.identity !== undefined) parts.push('AUTO_INCREMENT');
    else if (field.default !== undefined) parts.push(`DEFAULT ${renderDefault(field.default)}`);
  }
  if (field.comment !== undefined) parts.push(`COMMENT ${quoteLiteral(field.comment)}`);
  return parts.join(' ');
}

/** A literal or CURRENT_TIMESTAMP stands bare; any other expression is written in parentheses. */
function renderDefault(text: string): string {
  if (/^('(?:[^']|'')*'|-?[\d.]+(e[+-]?\d+)?|NULL|b'[01]*'|current_timestamp(\(\d*\))?)$/i.test(text))
    return text;
  return `(${text})`;
}

function keyPart(task: DatasetTask, name: string, native: boolean): string {
  const field = task.fields.find((candidate) => candidate.name === name);
  const prefixed = native && field !== undefined && PREFIXED_NATIVE.test(field.type.native);
  return `${quoteIdentifier(name)}${prefixed ? `(${INDEX_PREFIX})` : ''}`;
}

function renderTable(task: DatasetTask, table: string, native: boolean): string {
  const keyed = keyedFields(task);
  const lines = task.fields.map((field) => renderColumn(field, task, native, keyed.has(field.name)));
  const parts = (fields: readonly string[]) => fields.map((name) => keyPart(task, name, native)).join(', ');
  if (task.keys.primary !== undefined) lines.push(`PRIMARY KEY (${parts(task.keys.primary.fields)})`);
  for (const unique of task.keys.unique) {
    if (unique.predicate !== undefined || (unique.expressions?.length ?? 0) > 0) continue;
    const name = unique.name !== undefined ? `${quoteIdentifier(unique.name)} ` : '';
    lines.push(`UNIQUE KEY ${name}(${parts(unique.fields)})`);
  }
  if (native)
    for (const check of task.checks)
      lines.push(
        `${check.name !== undefined ? `CONSTRAINT ${quoteIdentifier(check.name)} ` : ''}CHECK (${check.expression})`,
      );
  const comment = task.dataset.comment !== undefined ? ` COMMENT=${quoteLiteral(task.dataset.comment)}` : '';
  return `CREATE TABLE ${table} (\n  ${lines.join(',\n  ')}\n) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4${comment}`;
}

function renderIndexes(task: DatasetTask, table: string, native: boolean): string[] {
  const taken = new Set(['PRIMARY', ...task.keys.unique.flatMap((key) => (key.name ? [key.name] : []))]);
  if (task.keys.primary?.name !== undefined) taken.add(task.keys.primary.name);
  const names = new Set(task.fields.map((field) => field.name));
  return task.indexes.flatMap((index) => {
    if (taken.has(index.name) || index.fields.length === 0) return [];
    if (index.predicate !== undefined || (index.expressions?.length ?? 0) > 0) return [];
    if (!index.fields.every((name) => names.has(name))) return [];
    const method = index.method.toLowerCase();
    const kind =
      native && (method === 'fulltext' || method === 'spatial')
        ? `${method.toUpperCase()} `
        : index.unique
          ? 'UNIQUE '
          : '';
    if (kind === '' && !['btree', 'hash'].includes(method)) return [];
    const fields =
      kind === 'FULLTEXT ' || kind === 'SPATIAL '
        ? quoteIdentifierList(index.fields)
        : index.fields.map((name) => keyPart(task, name, native)).join(', ');
    return [`CREATE ${kind}INDEX ${quoteIdentifier(index.name)} ON ${table} (${fields})`];
  });
}

function renderForeignKey(child: string, parent: string, relation: RelationTask): string {
  const onDelete = relation.on_delete !== undefined ? ACTIONS[relation.on_delete] : undefined;
  const onUpdate = relation.on_update !== undefined ? ACTIONS[relation.on_update] : undefined;
  return [
    `ALTER TABLE ${child} ADD`,
    relation.name !== undefined ? `CONSTRAINT ${quoteIdentifier(relation.name)}` : '',
    `FOREIGN KEY (${quoteIdentifierList(relation.from.fields)})`,
    `REFERENCES ${parent} (${quoteIdentifierList(relation.to.fields)})`,
    onDelete !== undefined ? `ON DELETE ${onDelete}` : '',
    onUpdate !== undefined ? `ON UPDATE ${onUpdate}` : '',
  ]
    .filter((part) => part !== '')
    .join(' ');
}
