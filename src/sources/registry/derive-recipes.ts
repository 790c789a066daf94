/**
 * The task file of a subject's dataset when there are no rows to measure: every recipe is derived from the
 * schema alone (types and their widths, formats, patterns, bounds, enums, defaults), and the file says so
 * (`sampling: { method: schema, rows: 0 }`, no stats). The recipes keep every generated record valid for
 * its schema: ranges inside the type's and the schema's bounds, enum labels only, patterns the schema states,
 * base64 text of the right size for bytes, maps generated empty, `oneof` members after the first left out.
 * A registry knows no row counts: the dataset's size is {@link SCHEMA_ROWS} (change it with `--rows`).
 */
import { toTypeTask } from '../../profile/write/type-task.js';
import type {
  DatasetTask,
  FieldTask,
  GeneratorRecipe,
  HistogramBin,
  LengthStats,
} from '../../tasks/types.js';
import type { SchemaNode } from './schema-node.js';
import { catalogTypeOf, type SubjectDataset } from './to-catalog.js';

/** Rows a schema-only dataset generates by default. */
export const SCHEMA_ROWS = 1000;
/** Share of nulls in a field the schema lets be null. */
const NULL_SHARE = 0.1;
/** The weight an enum's or boolean's default gets. */
const DEFAULT_SHARE = 0.5;

const DEFAULT_RANGE = { integer: [0, 100_000], float: [0, 1000] } as const;
const DATE_RANGE: HistogramBin = ['2020-01-01', '2026-12-31', 1];
const TIMESTAMP_RANGE: HistogramBin = ['2020-01-01T00:00:00', '2026-12-31T00:00:00', 1];
const TIME_RANGE: HistogramBin = ['00:00:00', '23:59:59', 1];

const BASE64 = '[A-Za-z0-9+/]';

/** A pattern of the base64 text of exactly `bytes` bytes. */
export function base64Pattern(bytes: number): string {
  const groups = Math.floor(bytes / 3);
  const rest = bytes % 3;
  const whole = groups > 0 ? `${BASE64}{${groups * 4}}` : '';
  if (rest === 1) return `${whole}${BASE64}[AQgw]==`;
  if (rest === 2) return `${whole}${BASE64}{2}[AEIMQUYcgkosw048]=`;
  return whole;
}

function integerRange(node: SchemaNode): [number, number] {
  const bits = node.type.bits ?? 32;
  const low = node.type.unsigned ? 0 : -(2 ** Math.min(52, bits - 1));
  const high = 2 ** Math.min(52, node.type.unsigned ? bits : bits - 1) - 1;
  const min = Math.max(low, node.hints.minimum ?? DEFAULT_RANGE.integer[0]);
  const max = Math.min(
    high,
    node.hints.maximum ?? Math.max(min + DEFAULT_RANGE.integer[1], DEFAULT_RANGE.integer[1]),
  );
  return [Math.ceil(min), Math.floor(Math.max(min, max))];
}

function floatRange(node: SchemaNode): [number, number] {
  const min = node.hints.minimum ?? Math.min(DEFAULT_RANGE.float[0], node.hints.maximum ?? 0);
  const max = node.hints.maximum ?? min + DEFAULT_RANGE.float[1];
  return [min, max];
}

function textLength(node: SchemaNode): LengthStats {
  const max = Math.max(1, node.hints.maxLength ?? node.type.length ?? 24);
  const min = Math.min(max, node.hints.minLength ?? 1);
  return { min, p50: Math.max(min, Math.min(max, 12)), max };
}

function enumWeights(labels: readonly string[], preferred: unknown): Record<string, number> {
  const weights: Record<string, number> = {};
  const hasDefault = typeof preferred === 'string' && labels.includes(preferred) && labels.length > 1;
  const rest = hasDefault ? (1 - DEFAULT_SHARE) / (labels.length - 1) : 1 / labels.length;
  for (const label of labels)
    weights[label] = Math.round((hasDefault && label === preferred ? DEFAULT_SHARE : rest) * 10_000) / 10_000;
  return weights;
}

/** The recipe of one node, without its null share (see {@link deriveRecipe}). */
function deriveValueRecipe(node: SchemaNode, unique: boolean): GeneratorRecipe {
  const { hints, type } = node;
  if (hints.absent) return { kind: 'null' };
  if (hints.map) return { kind: 'constant', value: {} };
  if (type.logical === 'json') return { kind: 'constant', value: node.default ?? {} };
  if (hints.bytes !== undefined && type.logical === 'binary')
    return { kind: 'pattern', pattern: base64Pattern(hints.bytes) };
  if (hints.pattern !== undefined) return { kind: 'pattern', pattern: hints.pattern };
  if (hints.semantic !== undefined) return { kind: 'semantic', semantic: hints.semantic };
  switch (type.logical) {
    case 'boolean':
      return {
        kind: 'boolean',
        true_share:
          node.default === true ? 1 - DEFAULT_SHARE / 2 : node.default === false ? DEFAULT_SHARE / 2 : 0.5,
      };
    case 'integer': {
      const [min, max] = integerRange(node);
      if (unique) return { kind: 'sequence', start: Math.max(1, min), step: 1 };
      return { kind: 'histogram', bins: [[min, max, 1]], integer: true };
    }
    case 'float': {
      const [min, max] = floatRange(node);
      return { kind: 'histogram', bins: [[min, max, 1]], scale: 3 };
    }
    case 'decimal': {
      const scale = type.scale ?? 0;
      const max = Math.min(1000, 10 ** Math.max(0, (type.precision ?? 6) - scale) - 1);
      return { kind: 'histogram', bins: [[0, Math.max(max, 0), 1]], scale };
    }
    case 'enum': {
      const labels = type.labels ?? [];
      return { kind: 'categorical', weights: enumWeights(labels, node.default) };
    }
    case 'uuid':
      return { kind: 'uuid', version: 4 };
    case 'date':
      return { kind: 'histogram', bins: [DATE_RANGE] };
    case 'timestamp':
    case 'timestamptz':
      return { kind: 'histogram', bins: [TIMESTAMP_RANGE] };
    case 'time':
      return { kind: 'histogram', bins: [TIME_RANGE] };
    case 'binary':
      return { kind: 'pattern', pattern: base64Pattern(12) };
    case 'array':
      return {
        kind: 'array',
        length: {
          min: hints.minLength ?? 0,
          p50: Math.max(hints.minLength ?? 0, Math.min(hints.maxLength ?? 2, 2)),
          max: Math.max(hints.minLength ?? 0, Math.min(hints.maxLength ?? 4, 4)),
        },
      };
    case 'object':
      return { kind: 'document' };
    default:
      return { kind: 'text', length: textLength(node) };
  }
}

/** The recipe of one node: its value recipe, with the null share of a field that may be null. */
export function deriveRecipe(node: SchemaNode, unique: boolean): GeneratorRecipe {
  const recipe = deriveValueRecipe(node, unique);
  const extra = {
    ...(node.nullable && recipe.kind !== 'null' ? { nulls: NULL_SHARE } : {}),
    ...(unique && recipe.kind !== 'sequence' && recipe.kind !== 'uuid' ? { unique: true } : {}),
  };
  return { ...recipe, ...extra } as GeneratorRecipe;
}

/** The task-file field of one node (children and element included). */
function toFieldTask(name: string, node: SchemaNode, primary: boolean, unique: boolean): FieldTask {
  const fields = node.children?.map((child) => toFieldTask(child.name, child.node, false, false));
  return {
    name,
    type: toTypeTask(catalogTypeOf(node)),
    nullable: node.nullable || node.hints.absent === true,
    ...(primary ? { key: ['primary' as const] } : {}),
    ...(node.default !== undefined ? { default: JSON.stringify(node.default) } : {}),
    ...(node.doc !== undefined ? { comment: node.doc } : {}),
    generator: deriveRecipe(node, unique),
    ...(fields !== undefined ? { fields } : {}),
    ...(node.element !== undefined ? { element: toFieldTask('[]', node.element, false, false) } : {}),
  };
}

/** The task file of a subject's dataset, every recipe derived from its schema. */
export function deriveDatasetTask(
  read: SubjectDataset,
  options: { source: string; seed: number },
): DatasetTask {
  const { dataset } = read;
  const primary = new Set(dataset.primaryKey?.fields ?? []);
  const soleKey = primary.size === 1;
  return {
    version: 1,
    dataset: {
      source: options.source,
      name: dataset.name,
      ...(dataset.namespace !== undefined ? { namespace: dataset.namespace } : {}),
      local: dataset.local,
      kind: dataset.kind,
      writable: dataset.writable,
      rows: SCHEMA_ROWS,
      ...(dataset.comment !== undefined ? { comment: dataset.comment } : {}),
      ...(dataset.definition !== undefined ? { definition: dataset.definition } : {}),
    },
    sampling: { method: 'schema', rows: 0, seed: options.seed },
    fields: read.value.record.fields.map(({ name, node }) =>
      toFieldTask(name, node, primary.has(name), soleKey && primary.has(name)),
    ),
    keys: {
      ...(dataset.primaryKey !== undefined
        ? {
            primary: {
              ...(dataset.primaryKey.name ? { name: dataset.primaryKey.name } : {}),
              fields: dataset.primaryKey.fields,
            },
          }
        : {}),
      unique: [],
    },
    checks: [],
    indexes: [],
    relations: [],
    rules: [],
  };
}
