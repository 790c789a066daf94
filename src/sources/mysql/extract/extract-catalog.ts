/**
 * Assembles the neutral Catalog from the MySQL/MariaDB catalog queries in `queries/`: datasets with fields,
 * keys, checks and indexes; foreign keys as relations. The only I/O is the queries themselves, run through the
 * `MysqlQueryable` handed in. Server differences handled here: MariaDB's `json` (a `longtext` with a
 * `json_valid` check), and `COLUMN_DEFAULT` (MariaDB prints an expression, MySQL a bare literal).
 */
import { selectDatasets } from '../../../catalog/dataset-names.js';
import { NUMERIC_LIKE } from '../../../catalog/logical-type.js';
import type {
  Catalog,
  CheckConstraint,
  Dataset,
  Field,
  Index,
  ReferentialAction,
  Relation,
  SourceInfo,
  UniqueConstraint,
} from '../../../catalog/model.js';
import { groupBy } from '../../../shared/group-by.js';
import type { DatasetFilter } from '../../contract.js';
import { parseCheck } from '../../parse-check.js';
import { quoteIdentifier, quoteLiteral } from '../identifiers.js';
import type { MysqlQueryable } from '../queryable.js';
import { countRowsBounded } from './queries/count-rows-bounded.js';
import { fetchChecks, type RawCheck } from './queries/fetch-checks.js';
import { fetchColumns, type RawColumn } from './queries/fetch-columns.js';
import { fetchDatasets, type RawDataset } from './queries/fetch-datasets.js';
import { fetchIndexes, type RawIndex } from './queries/fetch-indexes.js';
import { fetchKeyConstraints, type RawKeyConstraint } from './queries/fetch-key-constraints.js';
import { resolveFieldType } from './resolve-field-type.js';

/** Rows counted at most to correct InnoDB's row estimate of a small table. */
export const BOUNDED_COUNT_LIMIT = 100_000;

const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  'NO ACTION': 'no-action',
  RESTRICT: 'restrict',
  CASCADE: 'cascade',
  'SET NULL': 'set-null',
  'SET DEFAULT': 'set-default',
};

export interface ExtractOptions {
  /** MariaDB prints defaults as expressions; MySQL prints literals bare. */
  readonly mariadb: boolean;
}

/** Reads the catalog of the datasets `filter` selects. */
export async function extractCatalog(
  db: MysqlQueryable,
  source: SourceInfo,
  filter: DatasetFilter,
  options: ExtractOptions,
): Promise<Catalog> {
  const found = (await fetchDatasets(db, filter.namespaces)).map((dataset) => ({
    dataset,
    name: qualify(dataset.namespace, dataset.name),
    local: dataset.name,
  }));
  const raw = selectDatasets(found, filter).map((entry) => entry.dataset);
  const namespaces = [...new Set(raw.map((dataset) => dataset.namespace))];
  const chosen = new Set(raw.map((dataset) => qualify(dataset.namespace, dataset.name)));
  const inChosen = <T extends { namespace: string; table: string }>(items: readonly T[]) =>
    groupBy(
      items.filter((item) => chosen.has(qualify(item.namespace, item.table))),
      (item) => qualify(item.namespace, item.table),
    );
  const columns = inChosen(await fetchColumns(db, namespaces));
  const keys = inChosen(await fetchKeyConstraints(db, namespaces));
  const checks = inChosen(await fetchChecks(db, namespaces));
  const indexes = inChosen(await fetchIndexes(db, namespaces));

  const datasets: Dataset[] = [];
  for (const dataset of raw) {
    const name = qualify(dataset.namespace, dataset.name);
    const tableChecks = checks.get(name) ?? [];
    const jsonColumns = new Set(
      tableChecks.filter((check) => isJsonValidCheck(check)).map((check) => check.name),
    );
    const fields = (columns.get(name) ?? []).map((column) =>
      buildField(column, dataset, jsonColumns.has(column.name), options),
    );
    datasets.push(
      buildDataset(
        dataset,
        fields,
        keys.get(name) ?? [],
        tableChecks.filter((check) => !(isJsonValidCheck(check) && jsonColumns.has(check.name))),
        indexes.get(name) ?? [],
        await estimateRows(db, dataset),
      ),
    );
  }
  const relations = raw.flatMap((dataset) =>
    (keys.get(qualify(dataset.namespace, dataset.name)) ?? [])
      .filter((constraint) => constraint.type === 'FOREIGN KEY')
      .map((constraint) => buildRelation(constraint)),
  );
  return { source, datasets, relations, types: [] };
}

function qualify(namespace: string, name: string): string {
  return `${namespace}.${name}`;
}

/** MariaDB's `json` columns carry `CHECK (json_valid(`column`))`, named after the column. */
function isJsonValidCheck(check: RawCheck): boolean {
  return (
    /^\(?json_valid\(`(?:[^`]|``)+`\)\)?$/i.test(check.clause.trim()) &&
    check.clause.includes(quoteIdentifier(check.name))
  );
}

/** InnoDB's `TABLE_ROWS` is an estimate (0 until statistics run): a small table is counted, boundedly. */
async function estimateRows(db: MysqlQueryable, dataset: RawDataset): Promise<number | null> {
  if (dataset.view) return null;
  const estimate = dataset.rowEstimate ?? 0;
  if (estimate >= BOUNDED_COUNT_LIMIT) return estimate;
  return countRowsBounded(db, dataset.namespace, dataset.name, BOUNDED_COUNT_LIMIT);
}

function buildField(column: RawColumn, dataset: RawDataset, json: boolean, options: ExtractOptions): Field {
  const type = resolveFieldType({ ...column, json });
  const generated = /\bgenerated\b/.test(column.extra) ? (column.generation ?? undefined) : undefined;
  const defaultText = generated === undefined ? normaliseDefault(column, type.logical, options) : undefined;
  const collation =
    column.collation !== null && column.collation !== dataset.collation && !json
      ? column.collation
      : undefined;
  return {
    name: column.name,
    position: column.position,
    type,
    nullable: column.nullable,
    ...(defaultText !== undefined ? { default: defaultText } : {}),
    ...(/\bauto_increment\b/.test(column.extra) ? { identity: 'by-default' as const } : {}),
    ...(generated !== undefined ? { generated } : {}),
    ...(collation !== undefined ? { collation } : {}),
    ...(column.comment !== null ? { comment: column.comment } : {}),
  };
}

/**
 * A default as schema text: MariaDB already prints an expression (`'abc'`, `current_timestamp()`, `NULL`);
 * MySQL prints a literal bare unless `EXTRA` says `DEFAULT_GENERATED` (an expression).
 */
function normaliseDefault(
  column: RawColumn,
  logical: Field['type']['logical'],
  options: ExtractOptions,
): string | undefined {
  const text = column.default;
  if (text === null) return undefined;
  if (options.mariadb) return text === 'NULL' ? undefined : text;
  if (/\bdefault_generated\b/.test(column.extra)) return text;
  if ((NUMERIC_LIKE.has(logical) || logical === 'boolean') && /^-?[0-9.eE+-]+$/.test(text)) return text;
  if (/^current_timestamp(\(\d*\))?$/i.test(text)) return text;
  return quoteLiteral(text);
}

function buildDataset(
  raw: RawDataset,
  fields: readonly Field[],
  keys: readonly RawKeyConstraint[],
  rawChecks: readonly RawCheck[],
  rawIndexes: readonly RawIndex[],
  rowEstimate: number | null,
): Dataset {
  const primary = keys.find((key) => key.type === 'PRIMARY KEY');
  const uniques: UniqueConstraint[] = keys
    .filter((key) => key.type === 'UNIQUE')
    .map((key) => ({ name: key.name, fields: key.columns, via: 'constraint' as const }));
  const checks: CheckConstraint[] = rawChecks.map((check) => {
    const parsed = parseCheck(backticksToDoubleQuotes(check.clause));
    return { name: check.name, expression: check.clause, ...(parsed !== undefined ? { parsed } : {}) };
  });
  const indexes: Index[] = rawIndexes.map((index) => ({
    name: index.name,
    fields: index.parts.map((part) => part.column),
    method: index.method.toLowerCase(),
    unique: index.unique,
    definition: renderIndexDefinition(index),
  }));
  return {
    name: qualify(raw.namespace, raw.name),
    namespace: raw.namespace,
    local: raw.name,
    kind: raw.view ? 'view' : 'table',
    writable: !raw.view,
    fields,
    ...(primary !== undefined ? { primaryKey: { name: primary.name, fields: primary.columns } } : {}),
    uniques,
    checks,
    exclusions: [],
    indexes,
    rowEstimate,
    ...(raw.sizeBytes !== null ? { sizeBytes: raw.sizeBytes } : {}),
    ...(raw.comment !== null ? { comment: raw.comment } : {}),
    ...(raw.definition !== null ? { definition: raw.definition } : {}),
  };
}

/** The index as MySQL DDL names it: `UNIQUE KEY `name` (`a`, `b`(10)) USING BTREE`. */
function renderIndexDefinition(index: RawIndex): string {
  const method = index.method.toUpperCase();
  const kind =
    index.name === 'PRIMARY'
      ? 'PRIMARY KEY'
      : method === 'FULLTEXT' || method === 'SPATIAL'
        ? `${method} KEY ${quoteIdentifier(index.name)}`
        : `${index.unique ? 'UNIQUE ' : ''}KEY ${quoteIdentifier(index.name)}`;
  const parts = index.parts
    .map((part) => `${quoteIdentifier(part.column)}${part.prefix !== null ? `(${part.prefix})` : ''}`)
    .join(', ');
  const using = method === 'BTREE' || method === 'HASH' ? ` USING ${method}` : '';
  return `${kind} (${parts})${using}`;
}

/** `` `a``b` `` → `"a`b"`: the check parser reads PostgreSQL's identifier quoting. */
function backticksToDoubleQuotes(expression: string): string {
  return expression.replace(
    /`((?:[^`]|``)*)`/g,
    (_, name: string) => `"${name.replaceAll('``', '`').replaceAll('"', '""')}"`,
  );
}

function buildRelation(constraint: RawKeyConstraint): Relation {
  return {
    name: constraint.name,
    from: { dataset: qualify(constraint.namespace, constraint.table), fields: constraint.columns },
    to: {
      dataset: qualify(constraint.referencedNamespace ?? '', constraint.referencedTable ?? ''),
      fields: constraint.referencedColumns ?? [],
    },
    declared: true,
    onDelete: ACTIONS[constraint.onDelete ?? ''] ?? 'no-action',
    onUpdate: ACTIONS[constraint.onUpdate ?? ''] ?? 'no-action',
    match: 'simple',
    deferrable: false,
    initiallyDeferred: false,
  };
}
