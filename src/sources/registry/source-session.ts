/**
 * A schema registry read as a source: `extract` lists the subjects, selects them (`select-subjects.ts`),
 * reads each selected version with its references resolved through the registry (depth first, each
 * subject version read once), parses it by its format (Avro, JSON Schema, Protobuf: one reader signature)
 * and maps the records into datasets (`to-catalog.ts`). There are no rows: `describeFromSchema` gives each
 * dataset's task file with recipes derived from the schema (`derive-recipes.ts`).
 *
 * A difference from Confluent's documented API seen in rivven-schema 0.0.22, tolerated here: a subject
 * version read by `GET /subjects/{subject}/versions/{version}` comes without its `references`, which
 * `GET /schemas/ids/{id}` does give; a version without references is read again by its id.
 */
import type { Catalog, Dataset, SourceInfo } from '../../catalog/model.js';
import { DoppelError } from '../../shared/errors.js';
import type { DatasetTask } from '../../tasks/types.js';
import type { ConnectOptions, DatasetFilter, SourceSession } from '../contract.js';
import { deriveDatasetTask } from './derive-recipes.js';
import { readAvro } from './read-avro.js';
import { readJsonSchema } from './read-json-schema.js';
import { readProtobuf } from './read-protobuf.js';
import {
  RegistryClient,
  type RegistrySchemaType,
  type SchemaReference,
  type SubjectVersion,
} from './registry-client.js';
import type { RegistrySettings } from './registry-settings.js';
import { type ResolvedReference, SchemaReadError, type SchemaReader } from './schema-node.js';
import { selectSubjects } from './select-subjects.js';
import { type ReadSubject, type SubjectDataset, toDatasets } from './to-catalog.js';

/** One reader per format the registry names. */
export const SCHEMA_READERS: { readonly [T in RegistrySchemaType]: SchemaReader } = {
  AVRO: readAvro,
  JSON: readJsonSchema,
  PROTOBUF: readProtobuf,
};

/** How deep references may nest. */
const REFERENCE_DEPTH = 32;

/** A subject version with its references resolved. */
export interface ResolvedVersion extends SubjectVersion {
  readonly resolved: readonly ResolvedReference[];
}

/** Reads subject versions and their references from one registry, each once. */
export class SubjectReader {
  private readonly cache = new Map<string, Promise<ResolvedVersion>>();

  constructor(private readonly client: RegistryClient) {}

  /** The version (`latest` by default) of `subject` with its references resolved. */
  read(subject: string, version: number | 'latest', depth = 0): Promise<ResolvedVersion> {
    const key = `${subject}@${version}`;
    let found = this.cache.get(key);
    if (found === undefined) {
      found = this.load(subject, version, depth);
      this.cache.set(key, found);
    }
    return found;
  }

  private async load(subject: string, version: number | 'latest', depth: number): Promise<ResolvedVersion> {
    if (depth > REFERENCE_DEPTH)
      throw new DoppelError(
        'invalidInput',
        `The references of ${subject} nest deeper than ${REFERENCE_DEPTH} (a cycle?).`,
      );
    const read = await this.client.getVersion(subject, version);
    if (read === undefined)
      throw new DoppelError(
        'usage',
        version === 'latest'
          ? `The subject ${subject} has no versions in the registry.`
          : `The subject ${subject} has no version ${version} in the registry.`,
      );
    const references: readonly SchemaReference[] =
      read.references ?? (await this.client.getSchemaById(read.id)).references ?? [];
    const resolved: ResolvedReference[] = [];
    for (const reference of references) {
      const target = await this.read(reference.subject, reference.version, depth + 1);
      resolved.push({
        name: reference.name,
        subject: reference.subject,
        version: target.version,
        schema: target.schema,
        references: target.resolved,
      });
    }
    return { ...read, subject, references, resolved };
  }
}

/** Parses a resolved version by its format; a schema doppel cannot read names the subject and version. */
export function parseVersion(read: ResolvedVersion): ReadSubject {
  const reader = SCHEMA_READERS[read.schemaType];
  if (reader === undefined)
    throw new DoppelError(
      'invalidInput',
      `${read.subject} version ${read.version}: the schema type ${read.schemaType} is not one doppel reads (AVRO, JSON, PROTOBUF).`,
    );
  try {
    const record = reader(read.schema, read.resolved);
    return { subject: read.subject, version: read.version, id: read.id, schemaType: read.schemaType, record };
  } catch (error) {
    if (error instanceof SchemaReadError)
      throw new DoppelError(
        'invalidInput',
        `${read.subject} version ${read.version} (${read.schemaType}): ${error.message}`,
      );
    throw error;
  }
}

/** Opens a registry source: no connection is held, so opening only checks the settings. */
export function openRegistrySource(settings: RegistrySettings, options: ConnectOptions): SourceSession {
  const client = new RegistryClient(settings);
  const info: SourceInfo = { kind: 'registry', name: options.name };
  const read = new Map<string, SubjectDataset>();

  return {
    info,
    async extract(filter: DatasetFilter, signal?: AbortSignal): Promise<Catalog> {
      const subjects = await client.listSubjects();
      const selected = selectSubjects(subjects, filter);
      const reader = new SubjectReader(client);
      const parsed: ReadSubject[] = [];
      for (const { subject, version } of selected) {
        if (signal?.aborted) throw new DoppelError('cancelled', 'Cancelled while reading the registry.');
        options.log.debug(`registry: reading ${subject}@${version}`);
        parsed.push(parseVersion(await reader.read(subject, version)));
      }
      const datasets = toDatasets(parsed);
      for (const entry of datasets) read.set(entry.dataset.name, entry);
      return { source: info, datasets: datasets.map((entry) => entry.dataset), relations: [], types: [] };
    },
    describeFromSchema(dataset: Dataset, describe: { source: string; seed: number }): DatasetTask {
      const entry = read.get(dataset.name);
      if (entry === undefined)
        throw new DoppelError('usage', `The dataset ${dataset.name} was not read from the registry.`);
      return deriveDatasetTask(entry, describe);
    },
    async close(): Promise<void> {},
  };
}
