/**
 * `doppel export`: every dataset of a profile as a schema (its value, and its key when it has a primary
 * key) in one format, named by a subject strategy, checked against a schema registry and registered there,
 * and/or written as files. Every subject is checked before anything is written: new (no version yet),
 * unchanged (the registry holds this schema: same id), compatible (a new version the registry's own
 * compatibility check accepts against the latest) or incompatible (with the registry's reasons; never
 * registered). Shared by the CLI and the HTTP service's export jobs.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DoppelError } from '../shared/errors.js';
import type { RegistryClient, RegistrySchema } from '../sources/registry/registry-client.js';
import type { Profile } from '../tasks/types.js';
import { CONVERTERS } from './converters.js';
import {
  describeKeyRecord,
  describeValueRecord,
  type ExportedSchema,
  type ExportRecord,
  type SchemaFormat,
} from './record.js';
import { renderTopic, type SubjectStrategy, subjectName } from './subjects.js';

export interface ExportOptions {
  readonly format: SchemaFormat;
  readonly strategy: SubjectStrategy;
  /** Topic template (`{name}`, `{namespace}.{local}`, ...). */
  readonly topic: string;
  /** Also export key schemas of datasets with a primary key (default true). */
  readonly keys?: boolean;
  /** Check and report, register nothing. */
  readonly dryRun?: boolean;
  /** Compatibility level set on subjects this run creates (default: the registry's own default). */
  readonly compatibility?: string;
  /** Folder to write the schemas into as files, one per subject. */
  readonly out?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (subject: string, index: number, total: number) => void;
}

export type SubjectStatus = 'new' | 'unchanged' | 'compatible' | 'incompatible';

export interface SubjectReport {
  readonly subject: string;
  readonly dataset: string;
  readonly part: 'key' | 'value';
  readonly topic: string;
  /** What the registry said (absent without a registry). */
  readonly status?: SubjectStatus;
  /** The schema's id in the registry (known once registered or when unchanged). */
  readonly id?: number;
  readonly version?: number;
  /** True when this run registered it. */
  readonly registered: boolean;
  /** The registry's reasons, for incompatible subjects. */
  readonly messages?: readonly string[];
  /** The file written under `--out`. */
  readonly file?: string;
}

/** What `doppel export --json` prints and an export job returns. */
export interface ExportResult {
  readonly profile: string;
  readonly registry?: string;
  readonly format: SchemaFormat;
  readonly strategy: SubjectStrategy;
  readonly dryRun: boolean;
  /** False when a subject is incompatible (the command then exits 1). */
  readonly ok: boolean;
  readonly subjects: readonly SubjectReport[];
}

/** One schema to export under one subject. */
export interface PlannedSubject {
  readonly subject: string;
  readonly dataset: string;
  readonly part: 'key' | 'value';
  readonly topic: string;
  readonly schema: ExportedSchema;
}

/** The subjects a profile exports to, with their schemas, in plan order (value before key). */
export function planSubjects(
  profile: Pick<Profile, 'datasets'>,
  options: Pick<ExportOptions, 'format' | 'strategy' | 'topic' | 'keys'>,
): PlannedSubject[] {
  const convert = CONVERTERS[options.format];
  const planned: PlannedSubject[] = [];
  for (const task of profile.datasets) {
    const topic = renderTopic(options.topic, task.dataset);
    const key = options.keys === false ? undefined : describeKeyRecord(task);
    const records: ExportRecord[] = [describeValueRecord(task), ...(key === undefined ? [] : [key])];
    for (const record of records) {
      const schema = convert(record);
      planned.push({
        subject: subjectName(options.strategy, record.part, topic, schema.recordName),
        dataset: task.dataset.name,
        part: record.part,
        topic,
        schema,
      });
    }
  }
  const seen = new Map<string, string>();
  for (const entry of planned) {
    const other = seen.get(entry.subject);
    if (other !== undefined)
      throw new DoppelError(
        'usage',
        `The datasets ${other} and ${entry.dataset} both map to the subject ${entry.subject}; choose a topic template or strategy that tells them apart.`,
      );
    seen.set(entry.subject, entry.dataset);
  }
  return planned;
}

/** The schema as the registry takes it. */
export function registrySchemaOf(schema: ExportedSchema): RegistrySchema {
  return { schemaType: schema.schemaType, schema: JSON.stringify(schema.schema) };
}

/** Exports `profile`: files under `out`, and/or check-then-register in `registry`. */
export async function exportProfile(
  profile: Profile,
  registry: RegistryClient | undefined,
  options: ExportOptions,
): Promise<ExportResult> {
  if (registry === undefined && options.out === undefined)
    throw new DoppelError(
      'usage',
      'Nothing to export to: give --registry (or DOPPEL_REGISTRY_URL), --out, or both.',
    );
  const planned = planSubjects(profile, options);
  let reports: SubjectReport[] = planned.map((entry) => ({
    subject: entry.subject,
    dataset: entry.dataset,
    part: entry.part,
    topic: entry.topic,
    registered: false,
  }));
  if (registry !== undefined) reports = await checkAndRegister(registry, planned, options);
  if (options.out !== undefined && !options.dryRun)
    reports = await writeSchemaFiles(options.out, planned, reports);
  return {
    profile: profile.plan.profile,
    ...(registry === undefined ? {} : { registry: registry.settings.url }),
    format: options.format,
    strategy: options.strategy,
    dryRun: options.dryRun === true,
    ok: reports.every((report) => report.status !== 'incompatible'),
    subjects: reports,
  };
}

/**
 * Checks every planned subject against the registry, then (unless a dry run) registers the new and compatible
 * ones; incompatible subjects are reported, never registered. Also what a Kafka target runs before writing.
 */
export async function checkAndRegister(
  registry: RegistryClient,
  planned: readonly PlannedSubject[],
  options: Pick<ExportOptions, 'dryRun' | 'compatibility' | 'signal' | 'onProgress'>,
): Promise<SubjectReport[]> {
  const reports: SubjectReport[] = [];
  for (const [index, entry] of planned.entries()) {
    throwIfAborted(options.signal);
    options.onProgress?.(entry.subject, index, planned.length);
    reports.push(await checkSubject(registry, entry));
  }
  return options.dryRun ? reports : registerSubjects(registry, planned, reports, options);
}

async function checkSubject(registry: RegistryClient, entry: PlannedSubject): Promise<SubjectReport> {
  const base = {
    subject: entry.subject,
    dataset: entry.dataset,
    part: entry.part,
    topic: entry.topic,
    registered: false,
  };
  const schema = registrySchemaOf(entry.schema);
  const latest = await registry.getVersion(entry.subject);
  if (latest === undefined) return { ...base, status: 'new' };
  const found = await registry.lookup(entry.subject, schema);
  if (found !== undefined) return { ...base, status: 'unchanged', id: found.id, version: found.version };
  const check = await registry.checkCompatibility(entry.subject, schema);
  return check.compatible
    ? { ...base, status: 'compatible' }
    : { ...base, status: 'incompatible', messages: check.messages };
}

async function registerSubjects(
  registry: RegistryClient,
  planned: readonly PlannedSubject[],
  reports: readonly SubjectReport[],
  options: Pick<ExportOptions, 'compatibility' | 'signal'>,
): Promise<SubjectReport[]> {
  const result: SubjectReport[] = [];
  for (const [index, report] of reports.entries()) {
    const entry = planned[index]!;
    if (report.status !== 'new' && report.status !== 'compatible') {
      result.push(report);
      continue;
    }
    throwIfAborted(options.signal);
    if (report.status === 'new' && options.compatibility !== undefined)
      await registry.setCompatibility(entry.subject, options.compatibility);
    const id = await registry.register(entry.subject, registrySchemaOf(entry.schema));
    const latest = await registry.getVersion(entry.subject);
    result.push({
      ...report,
      id,
      ...(latest?.id === id ? { version: latest.version } : {}),
      registered: true,
    });
  }
  return result;
}

/** File name of a subject's schema: `<subject>.avsc` (Avro) or `<subject>.schema.json` (JSON Schema). */
export function schemaFileName(subject: string, format: SchemaFormat): string {
  const safe = subject.replace(/[^A-Za-z0-9._-]/g, '_');
  return format === 'avro' ? `${safe}.avsc` : `${safe}.schema.json`;
}

async function writeSchemaFiles(
  out: string,
  planned: readonly PlannedSubject[],
  reports: readonly SubjectReport[],
): Promise<SubjectReport[]> {
  await mkdir(out, { recursive: true });
  const result: SubjectReport[] = [];
  for (const [index, report] of reports.entries()) {
    const entry = planned[index]!;
    const file = join(out, schemaFileName(entry.subject, entry.schema.format));
    await writeFile(file, `${JSON.stringify(entry.schema.schema, null, 2)}\n`);
    result.push({ ...report, file });
  }
  return result;
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (signal?.aborted)
    throw signal.reason instanceof Error ? signal.reason : new DoppelError('cancelled', 'Cancelled.');
}
