/**
 * Assembles the neutral Catalog from the catalog queries in `queries/`: datasets with fields, keys, checks,
 * exclusions and indexes; foreign keys as relations; the user-defined types the fields use. The only I/O is
 * the queries themselves, run through the `Queryable` handed in.
 */

import { selectDatasets } from '../../../catalog/dataset-names.js';
import type {
  Catalog,
  CheckConstraint,
  Dataset,
  DatasetKind,
  Field,
  FieldType,
  Index,
  NamedType,
  ReferentialAction,
  Relation,
  SourceInfo,
  UniqueConstraint,
} from '../../../catalog/model.js';
import { groupBy } from '../../../shared/group-by.js';
import type { DatasetFilter } from '../../contract.js';
import { parseCheck, stripCheckKeyword } from '../../parse-check.js';
import type { Queryable } from '../queryable.js';
import { countRowsBounded } from './queries/count-rows-bounded.js';
import { fetchColumns, type RawColumn } from './queries/fetch-columns.js';
import { fetchConstraints, type RawConstraint } from './queries/fetch-constraints.js';
import { fetchDatasets, type RawDataset } from './queries/fetch-datasets.js';
import { fetchDomainChecks } from './queries/fetch-domain-checks.js';
import { fetchIndexes, type RawIndex } from './queries/fetch-indexes.js';
import { fetchTypes } from './queries/fetch-types.js';
import { resolveFieldType, type TypeCatalog } from './resolve-field-type.js';

/** Rows counted at most when a table was never analysed. */
export const BOUNDED_COUNT_LIMIT = 100_000;

const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  a: 'no-action',
  r: 'restrict',
  c: 'cascade',
  n: 'set-null',
  d: 'set-default',
};
const MATCH: Readonly<Record<string, 'simple' | 'full' | 'partial'>> = {
  s: 'simple',
  f: 'full',
  p: 'partial',
};

/** Reads the catalog of the datasets `filter` selects. */
export async function extractCatalog(
  db: Queryable,
  source: SourceInfo,
  filter: DatasetFilter,
): Promise<Catalog> {
  const found = (await fetchDatasets(db, filter.namespaces)).map((dataset) => ({
    dataset,
    name: qualify(dataset.namespace, dataset.name),
    local: dataset.name,
  }));
  const raw = selectDatasets(found, filter).map((entry) => entry.dataset);
  const oids = raw.map((dataset) => dataset.oid);
  const columns = groupBy(await fetchColumns(db, oids), (column) => column.relation);
  const constraints = groupBy(await fetchConstraints(db, oids), (constraint) => constraint.relation);
  const indexes = groupBy(await fetchIndexes(db, oids), (index) => index.relation);
  const typeCatalog: TypeCatalog = { types: await fetchTypes(db), domainChecks: await fetchDomainChecks(db) };
  const estimates = await estimateRows(db, raw);

  const datasets = raw.map((dataset) =>
    buildDataset(
      dataset,
      (columns.get(dataset.oid) ?? []).map((column) => buildField(column, typeCatalog)),
      constraints.get(dataset.oid) ?? [],
      indexes.get(dataset.oid) ?? [],
      estimates.get(dataset.oid) ?? null,
    ),
  );
  const relations = raw.flatMap((dataset) =>
    (constraints.get(dataset.oid) ?? [])
      .filter((constraint) => constraint.type === 'f')
      .map((constraint) => buildRelation(qualify(dataset.namespace, dataset.name), constraint)),
  );
  return { source, datasets, relations, types: collectNamedTypes(datasets) };
}

function qualify(namespace: string, name: string): string {
  return `${namespace}.${name}`;
}

/** Row estimates: `reltuples` when analysed, a bounded count when not, the sum of partitions for parents. */
async function estimateRows(db: Queryable, raw: readonly RawDataset[]): Promise<Map<number, number | null>> {
  const estimates = new Map<number, number | null>();
  for (const dataset of raw) {
    if (dataset.relkind === 'v' || dataset.relkind === 'p') continue;
    const analysed = dataset.reltuples > 0 || (dataset.reltuples === 0 && dataset.relpages > 0);
    if (analysed) estimates.set(dataset.oid, Math.round(dataset.reltuples));
    else if (dataset.relkind === 'f') estimates.set(dataset.oid, null);
    else
      estimates.set(
        dataset.oid,
        await countRowsBounded(db, dataset.namespace, dataset.name, BOUNDED_COUNT_LIMIT),
      );
  }
  // Partitioned parents hold no rows themselves: their estimate is the sum over their partitions (deepest first).
  const parents = raw.filter((dataset) => dataset.relkind === 'p').reverse();
  for (const parent of parents) {
    const children = raw.filter(
      (child) =>
        child.isPartition && child.parentNamespace === parent.namespace && child.parentName === parent.name,
    );
    estimates.set(
      parent.oid,
      children.reduce((sum, child) => sum + (estimates.get(child.oid) ?? 0), 0),
    );
  }
  return estimates;
}

function datasetKind(dataset: RawDataset): DatasetKind {
  switch (dataset.relkind) {
    case 'p':
      return 'partitioned-table';
    case 'v':
      return 'view';
    case 'm':
      return 'materialized-view';
    case 'f':
      return 'foreign-table';
    case 'r':
      return dataset.parentName !== null ? 'partition' : 'table';
  }
}

function buildField(column: RawColumn, types: TypeCatalog): Field {
  const type = resolveFieldType(types, column.typeOid, column.typmod, column.native, column.dimensions);
  const generated = column.generated === 's' ? (column.default ?? undefined) : undefined;
  const defaultText = column.generated === '' && column.identity === '' ? column.default : null;
  return {
    name: column.name,
    position: column.position,
    type,
    nullable: !column.notNull,
    ...(defaultText !== null ? { default: defaultText } : {}),
    ...(column.identity === 'a' ? { identity: 'always' as const } : {}),
    ...(column.identity === 'd' ? { identity: 'by-default' as const } : {}),
    ...(column.sequence !== null ? { sequence: column.sequence } : {}),
    ...(generated !== undefined ? { generated } : {}),
    ...(column.collation !== null ? { collation: column.collation } : {}),
    ...(column.comment !== null ? { comment: column.comment } : {}),
  };
}

function buildDataset(
  raw: RawDataset,
  fields: readonly Field[],
  constraints: readonly RawConstraint[],
  rawIndexes: readonly RawIndex[],
  rowEstimate: number | null,
): Dataset {
  const kind = datasetKind(raw);
  const primary = constraints.find((constraint) => constraint.type === 'p');
  const constraintUniques: UniqueConstraint[] = constraints
    .filter((constraint) => constraint.type === 'u')
    .map((constraint) => ({
      name: constraint.name,
      fields: constraint.columns,
      via: 'constraint' as const,
      ...(rawIndexes.some((index) => index.constraintName === constraint.name && index.nullsNotDistinct)
        ? { nullsNotDistinct: true }
        : {}),
    }));
  const indexUniques: UniqueConstraint[] = rawIndexes
    .filter((index) => index.unique && index.constraintName === null)
    .map((index) => {
      const expressions = index.keys.filter((_, position) => index.columns[position] === null);
      return {
        name: index.name,
        fields: index.columns.filter((column): column is string => column !== null),
        via: 'index' as const,
        ...(index.predicate !== null ? { predicate: index.predicate } : {}),
        ...(expressions.length > 0 ? { expressions } : {}),
        ...(index.nullsNotDistinct ? { nullsNotDistinct: true } : {}),
      };
    });
  const checks: CheckConstraint[] = constraints
    .filter((constraint) => constraint.type === 'c')
    .map((constraint) => {
      const parsed = parseCheck(constraint.definition);
      return {
        name: constraint.name,
        expression: stripCheckKeyword(constraint.definition),
        ...(parsed !== undefined ? { parsed } : {}),
      };
    });
  const indexes: Index[] = rawIndexes.map((index) => {
    const expressions = index.keys.filter((_, position) => index.columns[position] === null);
    return {
      name: index.name,
      fields: index.columns.filter((column): column is string => column !== null),
      method: index.method,
      unique: index.unique,
      ...(index.predicate !== null ? { predicate: index.predicate } : {}),
      ...(expressions.length > 0 ? { expressions } : {}),
      definition: index.definition,
    };
  });
  return {
    name: qualify(raw.namespace, raw.name),
    namespace: raw.namespace,
    local: raw.name,
    kind,
    writable: kind === 'table' || kind === 'partitioned-table' || (kind === 'partition' && !raw.isPartition),
    ...(raw.parentName !== null && raw.parentNamespace !== null
      ? { partitionOf: qualify(raw.parentNamespace, raw.parentName) }
      : {}),
    ...(raw.partitionKey !== null ? { partitionKey: raw.partitionKey } : {}),
    ...(raw.partitionBound !== null ? { partitionBound: raw.partitionBound } : {}),
    fields,
    ...(primary !== undefined ? { primaryKey: { name: primary.name, fields: primary.columns } } : {}),
    uniques: [...constraintUniques, ...indexUniques],
    checks,
    exclusions: constraints
      .filter((constraint) => constraint.type === 'x')
      .map((constraint) => ({ name: constraint.name, definition: constraint.definition })),
    indexes,
    rowEstimate,
    ...(raw.sizeBytes !== null ? { sizeBytes: raw.sizeBytes } : {}),
    ...(raw.comment !== null ? { comment: raw.comment } : {}),
    ...(raw.definition !== null ? { definition: raw.definition } : {}),
  };
}

function buildRelation(from: string, constraint: RawConstraint): Relation {
  return {
    name: constraint.name,
    from: { dataset: from, fields: constraint.columns },
    to: {
      dataset: qualify(constraint.referencedNamespace ?? '', constraint.referencedName ?? ''),
      fields: constraint.referencedColumns ?? [],
    },
    declared: true,
    onDelete: ACTIONS[constraint.onDelete] ?? 'no-action',
    onUpdate: ACTIONS[constraint.onUpdate] ?? 'no-action',
    match: MATCH[constraint.matchType] ?? 'simple',
    deferrable: constraint.deferrable,
    initiallyDeferred: constraint.deferred,
  };
}

/** The enums, domains, composites and user ranges the datasets' fields use, by native name. */
function collectNamedTypes(datasets: readonly Dataset[]): NamedType[] {
  const found = new Map<string, NamedType>();
  const visit = (type: FieldType): void => {
    if (found.has(type.native)) return;
    if (type.domain !== undefined) found.set(type.native, { name: type.native, kind: 'domain', type });
    else if (type.logical === 'enum') found.set(type.native, { name: type.native, kind: 'enum', type });
    else if (type.logical === 'object' && type.attributes !== undefined)
      found.set(type.native, { name: type.native, kind: 'composite', type });
    else if (type.logical === 'range' && !BUILTIN_RANGES.has(type.native))
      found.set(type.native, { name: type.native, kind: 'range', type });
    if (type.element !== undefined) visit(type.element);
    if (type.rangeOf !== undefined) visit(type.rangeOf);
    for (const attribute of type.attributes ?? []) visit(attribute.type);
  };
  for (const dataset of datasets) for (const field of dataset.fields) visit(field.type);
  return [...found.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Range types PostgreSQL ships (a dump does not create these). */
export const BUILTIN_RANGES: ReadonlySet<string> = new Set([
  'int4range',
  'int8range',
  'numrange',
  'tsrange',
  'tstzrange',
  'daterange',
]);
