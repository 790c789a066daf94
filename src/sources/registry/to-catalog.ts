/**
 * Subjects as catalog datasets. A `<topic>-value` subject is the dataset `<topic>`; its `<topic>-key` subject,
 * when its record's fields are all fields of the value record, is the dataset's primary key (any other key
 * subject is a dataset of its own); any other subject (record-name strategies) is a dataset named after the
 * subject. A dataset name's part before its last dot is its namespace. Records' fields become the dataset's
 * fields, nested records nested fields; the subject, version, id and format are the dataset's definition.
 */
import type { Dataset, Field, FieldType } from '../../catalog/model.js';
import type { NamedNode, SchemaNode, SchemaRecord } from './schema-node.js';

/** One subject version read and parsed. */
export interface ReadSubject {
  readonly subject: string;
  readonly version: number;
  readonly id: number;
  readonly schemaType: string;
  readonly record: SchemaRecord;
}

/** A dataset and the subjects it came from. */
export interface SubjectDataset {
  readonly dataset: Dataset;
  readonly value: ReadSubject;
  readonly key?: ReadSubject;
}

const VALUE_SUFFIX = '-value';
const KEY_SUFFIX = '-key';

/** The topic of a topic-strategy subject (`orders-value`, `orders-key`), or undefined for any other. */
export function topicOf(subject: string): { topic: string; part: 'key' | 'value' } | undefined {
  if (subject.endsWith(VALUE_SUFFIX) && subject.length > VALUE_SUFFIX.length)
    return { topic: subject.slice(0, -VALUE_SUFFIX.length), part: 'value' };
  if (subject.endsWith(KEY_SUFFIX) && subject.length > KEY_SUFFIX.length)
    return { topic: subject.slice(0, -KEY_SUFFIX.length), part: 'key' };
  return undefined;
}

/** The catalog type of a node (an array's element type carries a record element's fields as attributes). */
export function catalogTypeOf(node: SchemaNode): FieldType {
  if (node.element === undefined) return node.type;
  const element = catalogTypeOf(node.element);
  const attributes = node.element.children?.map((child) => ({
    name: child.name,
    type: catalogTypeOf(child.node),
  }));
  return { ...node.type, element: attributes === undefined ? element : { ...element, attributes } };
}

function toField({ name, node }: NamedNode, position: number): Field {
  const children = node.children?.map(toField);
  return {
    name,
    position,
    type: catalogTypeOf(node),
    nullable: node.nullable,
    ...(node.default !== undefined ? { default: JSON.stringify(node.default) } : {}),
    ...(node.doc !== undefined ? { comment: node.doc } : {}),
    ...(children !== undefined ? { fields: children } : {}),
  };
}

function toField1(named: NamedNode, index: number): Field {
  return toField(named, index + 1);
}

function describeSubject(read: ReadSubject): string {
  return `${read.subject} version ${read.version} (${read.schemaType}, id ${read.id})`;
}

/** The datasets of the read subjects: values with their keys, other subjects on their own. */
export function toDatasets(subjects: readonly ReadSubject[]): SubjectDataset[] {
  const bySubject = new Map(subjects.map((read) => [read.subject, read]));
  const usedKeys = new Set<string>();
  const datasets: SubjectDataset[] = [];
  for (const read of subjects) {
    const topic = topicOf(read.subject);
    if (topic?.part === 'key') continue;
    const name = topic?.topic ?? read.subject;
    const key = topic === undefined ? undefined : bySubject.get(`${topic.topic}${KEY_SUFFIX}`);
    const valueNames = new Set(read.record.fields.map((field) => field.name));
    const keyFields = key?.record.fields.map((field) => field.name) ?? [];
    const keyFits =
      key !== undefined && keyFields.length > 0 && keyFields.every((field) => valueNames.has(field));
    if (keyFits) usedKeys.add(key.subject);
    datasets.push(buildDataset(name, read, keyFits ? key : undefined));
  }
  for (const read of subjects)
    if (topicOf(read.subject)?.part === 'key' && !usedKeys.has(read.subject))
      datasets.push(buildDataset(read.subject, read, undefined));
  return datasets;
}

function buildDataset(name: string, value: ReadSubject, key: ReadSubject | undefined): SubjectDataset {
  const dot = name.lastIndexOf('.');
  const dataset: Dataset = {
    name,
    ...(dot > 0 ? { namespace: name.slice(0, dot) } : {}),
    local: dot > 0 ? name.slice(dot + 1) : name,
    kind: 'subject',
    writable: true,
    fields: value.record.fields.map(toField1),
    ...(key !== undefined
      ? { primaryKey: { name: key.subject, fields: key.record.fields.map((field) => field.name) } }
      : {}),
    uniques: [],
    checks: [],
    exclusions: [],
    indexes: [],
    rowEstimate: null,
    ...(value.record.doc !== undefined ? { comment: value.record.doc } : {}),
    definition: `record ${value.record.fullName} from ${describeSubject(value)}${key !== undefined ? `; key from ${describeSubject(key)}` : ''}`,
  };
  return { dataset, value, ...(key !== undefined ? { key } : {}) };
}
