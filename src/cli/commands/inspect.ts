/**
 * `doppel inspect <postgres-url|pglite:dir>`: discovers a source's catalog in a read-only session and prints
 * it: datasets with kind, row estimate, fields with native types, keys and relations (or the Catalog under
 * `--json`).
 */
import type { Command } from 'commander';
import type { Catalog, Dataset, Field, Relation } from '../../catalog/model.js';
import { type Address, databaseNameOf, parseAddress } from '../../shared/address.js';
import type { DatasetFilter } from '../../sources/contract.js';
import { openSource } from '../../sources/index.js';
import type { CliContext } from '../context.js';

interface InspectOptions {
  readonly include: string[];
  readonly exclude: string[];
  readonly schema: string[];
  readonly registry?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `doppel inspect`. */
export function registerInspect(program: Command, context: CliContext): void {
  program
    .command('inspect')
    .description('print the catalog of a source: datasets, fields, keys, relations, types')
    .argument(
      '<source>',
      'postgres://user@host:port/db, mysql://..., mongodb://..., kafka://host:port/topic, registry+http://host:port, or pglite:<dir> / pglite:memory',
    )
    .option('--include <glob>', 'only these datasets: names or globs (repeatable)', collect, [])
    .option('--exclude <glob>', 'leave out these datasets: names or globs (repeatable)', collect, [])
    .option('--schema <name>', 'only this schema (repeatable)', collect, [])
    .option(
      '--registry <url>',
      'Kafka sources: the schema registry that decodes framed messages (env DOPPEL_REGISTRY_URL)',
    )
    .action(async (source: string, options: InspectOptions) => {
      const address = parseAddress(source);
      const catalog = await inspectSource(address, options, context);
      context.output(catalog, () => formatCatalog(catalog));
    });
}

/** Extracts the catalog of `address` with the given filters. */
export async function inspectSource(
  address: Address,
  options: InspectOptions,
  context: Pick<CliContext, 'log' | 'signal'>,
): Promise<Catalog> {
  const session = await openSource(address, {
    log: context.log,
    name: databaseNameOf(address),
    ...(options.registry === undefined ? {} : { stream: { registry: options.registry } }),
  });
  try {
    const filter: DatasetFilter = {
      ...(options.include.length > 0 ? { include: options.include } : {}),
      ...(options.exclude.length > 0 ? { exclude: options.exclude } : {}),
      ...(options.schema.length > 0 ? { namespaces: options.schema } : {}),
    };
    return await session.extract(filter, context.signal);
  } finally {
    await session.close();
  }
}

/** The readable listing of a catalog. */
export function formatCatalog(catalog: Catalog): string {
  const lines: string[] = [];
  const { source } = catalog;
  lines.push(
    `${source.name} (${source.kind}${source.version !== undefined ? ` ${source.version}` : ''}): ` +
      [
        count(catalog.datasets.length, 'dataset'),
        count(catalog.relations.length, 'relation'),
        count(catalog.types.length, 'type'),
      ].join(', '),
  );
  for (const dataset of catalog.datasets) {
    lines.push('', ...formatDataset(dataset, catalog.relations));
  }
  if (catalog.types.length > 0) {
    lines.push('', 'types:');
    for (const type of catalog.types) {
      const detail =
        type.kind === 'enum'
          ? `(${(type.type.labels ?? []).join(', ')})`
          : type.kind === 'domain'
            ? `over ${type.type.domain?.base ?? '?'}${type.type.domain?.notNull ? ' not null' : ''}`
            : type.kind === 'composite'
              ? `(${(type.type.attributes ?? []).map((attribute) => `${attribute.name} ${attribute.type.native}`).join(', ')})`
              : `of ${type.type.rangeOf?.native ?? '?'}`;
      lines.push(`  ${type.name}  ${type.kind} ${detail}`);
    }
  }
  return lines.join('\n');
}

function formatDataset(dataset: Dataset, relations: readonly Relation[]): string[] {
  const rows =
    dataset.rowEstimate === null ? 'rows unknown' : `~${dataset.rowEstimate.toLocaleString('en-US')} rows`;
  const extras = [
    dataset.partitionOf !== undefined ? `of ${dataset.partitionOf}` : '',
    dataset.partitionBound ?? '',
    dataset.partitionKey !== undefined ? `by ${dataset.partitionKey}` : '',
    dataset.writable ? '' : 'read-only',
  ].filter((part) => part !== '');
  const lines = [
    `${dataset.name}  ${dataset.kind}  ${rows}${extras.length > 0 ? `  (${extras.join('; ')})` : ''}`,
  ];
  if (dataset.comment !== undefined) lines.push(`  -- ${dataset.comment}`);
  if (dataset.definition !== undefined)
    lines.push(`  as ${dataset.definition.replace(/\s+/g, ' ').trim().replace(/;$/, '')}`);
  const width = Math.max(0, ...dataset.fields.map((field) => field.name.length));
  const typeWidth = Math.max(0, ...dataset.fields.map((field) => field.type.native.length));
  for (const field of dataset.fields)
    lines.push(
      `  ${field.name.padEnd(width)}  ${field.type.native.padEnd(typeWidth)}  ${describeField(field, dataset)}`.trimEnd(),
    );
  if (dataset.primaryKey !== undefined) lines.push(`  primary key (${dataset.primaryKey.fields.join(', ')})`);
  for (const unique of dataset.uniques) {
    const keys = [...unique.fields, ...(unique.expressions ?? [])].join(', ');
    lines.push(
      `  unique ${unique.name ?? ''} (${keys})${unique.predicate !== undefined ? ` where ${unique.predicate}` : ''}`,
    );
  }
  for (const check of dataset.checks) lines.push(`  check ${check.name ?? ''} ${check.expression}`);
  for (const exclusion of dataset.exclusions)
    lines.push(`  exclusion ${exclusion.name ?? ''} ${exclusion.definition}`);
  for (const relation of relations.filter((candidate) => candidate.from.dataset === dataset.name))
    lines.push(
      `  (${relation.from.fields.join(', ')}) → ${relation.to.dataset} (${relation.to.fields.join(', ')})` +
        `${relation.deferrable ? ' deferrable' : ''}${relation.onDelete && relation.onDelete !== 'no-action' ? ` on delete ${relation.onDelete}` : ''}`,
    );
  return lines;
}

function count(amount: number, noun: string): string {
  return `${amount} ${noun}${amount === 1 ? '' : 's'}`;
}

function describeField(field: Field, dataset: Dataset): string {
  const parts = [field.nullable ? '' : 'not null'];
  if (dataset.primaryKey?.fields.includes(field.name)) parts.push('pk');
  if (field.identity !== undefined) parts.push(`identity ${field.identity}`);
  else if (field.sequence !== undefined) parts.push(`serial ${field.sequence}`);
  if (field.generated !== undefined) parts.push(`generated ${field.generated}`);
  else if (field.default !== undefined && field.sequence === undefined)
    parts.push(`default ${field.default}`);
  return parts.filter((part) => part !== '').join(', ');
}
