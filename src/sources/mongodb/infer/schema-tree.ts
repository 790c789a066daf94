/**
 * The schema of a collection inferred from sampled documents, as a tree: every field path with how often it
 * was present, its mix of BSON types, and below each type what that type holds (a document's fields, an
 * array's length distribution and element schema). Documents whose keys are unbounded (maps keyed by ids:
 * ObjectId hex, numbers, UUIDs) are detected and summarised as one map (key kind, keys per document, one
 * schema for every value) instead of a path per key. Hard limits: distinct paths and depth; what lies beyond
 * is counted, not described. Pure: documents in, a plain JSON-serialisable description out.
 */
import { HyperLogLog } from '../../../profile/measure/sketches/hyperloglog.js';
import { type BsonType, bsonTypeOf } from '../bson-values.js';
import { LengthCounter, type LengthDistribution } from './length-counter.js';

export interface InferenceLimits {
  /** Distinct field paths described (default 1,000); further keys are counted in `untracked`. */
  readonly maxPaths?: number;
  /** Nesting levels described below the document (default 8). */
  readonly maxDepth?: number;
  /** A document level with more distinct keys than this, mostly id-like, becomes a map (default 20). */
  readonly mapMinKeys?: number;
}

/** How the keys of a map look. */
export type MapKeyKind = 'objectId' | 'integer' | 'uuid' | 'string';

export interface InferredType {
  readonly type: BsonType;
  readonly count: number;
  /** Share of the values present at the path (nulls included). */
  readonly share: number;
  /** `object`: its fields (absent for a map). */
  readonly fields?: readonly InferredField[];
  /** `object` summarised as a map. */
  readonly map?: InferredMap;
  /** `array`: lengths and the schema of the elements. */
  readonly lengths?: LengthDistribution;
  readonly element?: InferredField;
}

export interface InferredMap {
  readonly keys: MapKeyKind;
  /** Distinct keys seen (estimated). */
  readonly distinctKeys: number;
  /** Keys per document. */
  readonly size: LengthDistribution;
  /** One schema for every value of the map (its name is `[value]`). */
  readonly value: InferredField;
}

export interface InferredField {
  readonly name: string;
  /** Dotted path from the document root; array elements are written `[]`, map values `[value]`. */
  readonly path: string;
  /** Values present at the path, nulls included. */
  readonly count: number;
  /** Share of the enclosing documents (or elements) in which the path was present. */
  readonly presence: number;
  /** Types seen, most frequent first. */
  readonly types: readonly InferredType[];
}

export interface InferredSchema {
  readonly documents: number;
  readonly fields: readonly InferredField[];
  /** Distinct paths described. */
  readonly paths: number;
  /** Keys not described because a limit was reached (counted once per value). */
  readonly untracked: number;
}

interface PathNode {
  count: number;
  readonly types: Map<BsonType, TypeNode>;
}

interface TypeNode {
  count: number;
  document?: DocumentNode;
  array?: ArrayNode;
}

interface DocumentNode {
  documents: number;
  fields: Map<string, PathNode>;
  idLikeKeys: number;
  readonly sizes: LengthCounter;
  map?: { readonly value: PathNode; readonly keyKinds: Map<MapKeyKind, number>; readonly keys: HyperLogLog };
}

interface ArrayNode {
  readonly lengths: LengthCounter;
  readonly element: PathNode;
}

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const INTEGER = /^-?\d+$/;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

function keyKind(key: string): MapKeyKind {
  if (OBJECT_ID.test(key)) return 'objectId';
  if (INTEGER.test(key)) return 'integer';
  if (UUID.test(key)) return 'uuid';
  return 'string';
}

/** Accumulates documents into a schema tree; `describe()` gives the inferred schema at any point. */
export class SchemaInferrer {
  private readonly root: DocumentNode = newDocument();
  private paths = 0;
  private untracked = 0;
  private readonly maxPaths: number;
  private readonly maxDepth: number;
  private readonly mapMinKeys: number;

  constructor(limits: InferenceLimits = {}) {
    this.maxPaths = limits.maxPaths ?? 1000;
    this.maxDepth = limits.maxDepth ?? 8;
    this.mapMinKeys = limits.mapMinKeys ?? 20;
  }

  add(document: Readonly<Record<string, unknown>>): void {
    this.addDocument(this.root, document, 0);
  }

  private addDocument(node: DocumentNode, document: Readonly<Record<string, unknown>>, depth: number): void {
    node.documents++;
    let size = 0;
    const map = node.map;
    for (const key in document) {
      const value = document[key];
      if (value === undefined) continue;
      size++;
      if (map !== undefined) {
        const kind = keyKind(key);
        map.keyKinds.set(kind, (map.keyKinds.get(kind) ?? 0) + 1);
        map.keys.add(key);
        this.addValue(map.value, value, depth + 1);
        continue;
      }
      let child = node.fields.get(key);
      if (child === undefined) {
        if (this.paths >= this.maxPaths || depth >= this.maxDepth) {
          this.untracked++;
          continue;
        }
        child = newPath();
        node.fields.set(key, child);
        this.paths++;
        if (keyKind(key) !== 'string') node.idLikeKeys++;
      }
      this.addValue(child, value, depth + 1);
    }
    node.sizes.add(size);
    if (map === undefined && node.fields.size > this.mapMinKeys && node.idLikeKeys >= 0.8 * node.fields.size)
      this.becomeMap(node);
  }

  /** Folds a document level's per-key paths into one map value schema (keys become data, not paths). */
  private becomeMap(node: DocumentNode): void {
    const value = newPath();
    const keyKinds = new Map<MapKeyKind, number>();
    const keys = new HyperLogLog(10);
    for (const [key, child] of node.fields) {
      keys.add(key);
      const kind = keyKind(key);
      keyKinds.set(kind, (keyKinds.get(kind) ?? 0) + child.count);
      mergePath(value, child);
    }
    this.paths += 1 + pathsBelow(value) - pathsInDocument(node);
    node.map = { value, keyKinds, keys };
    node.fields = new Map();
  }

  private addValue(path: PathNode, value: unknown, depth: number): void {
    const type = bsonTypeOf(value);
    if (type === undefined) return;
    path.count++;
    let slot = path.types.get(type);
    if (slot === undefined) {
      slot = { count: 0 };
      path.types.set(type, slot);
    }
    slot.count++;
    if (type === 'object') {
      slot.document ??= newDocument();
      this.addDocument(slot.document, value as Record<string, unknown>, depth);
    } else if (type === 'array') {
      const items = value as readonly unknown[];
      slot.array ??= { lengths: new LengthCounter(), element: newPath() };
      slot.array.lengths.add(items.length);
      if (depth < this.maxDepth) for (const item of items) this.addValue(slot.array.element, item, depth + 1);
    }
  }

  describe(): InferredSchema {
    return {
      documents: this.root.documents,
      fields: describeFields(this.root, ''),
      paths: this.paths,
      untracked: this.untracked,
    };
  }
}

/** Infers the schema of `documents` in one pass. */
export async function inferSchema(
  documents: AsyncIterable<Readonly<Record<string, unknown>>> | Iterable<Readonly<Record<string, unknown>>>,
  limits: InferenceLimits = {},
): Promise<InferredSchema> {
  const inferrer = new SchemaInferrer(limits);
  for await (const document of documents) inferrer.add(document);
  return inferrer.describe();
}

/** Paths described inside a document level (its fields and everything below them). */
function pathsInDocument(node: DocumentNode): number {
  let count = node.map === undefined ? 0 : 1 + pathsBelow(node.map.value);
  for (const child of node.fields.values()) count += 1 + pathsBelow(child);
  return count;
}

function pathsBelow(path: PathNode): number {
  let count = 0;
  for (const slot of path.types.values()) {
    if (slot.document !== undefined) count += pathsInDocument(slot.document);
    if (slot.array !== undefined) count += pathsBelow(slot.array.element);
  }
  return count;
}

function newPath(): PathNode {
  return { count: 0, types: new Map() };
}

function newDocument(): DocumentNode {
  return { documents: 0, fields: new Map(), idLikeKeys: 0, sizes: new LengthCounter() };
}

function mergePath(into: PathNode, from: PathNode): void {
  into.count += from.count;
  for (const [type, slot] of from.types) {
    let target = into.types.get(type);
    if (target === undefined) {
      target = { count: 0 };
      into.types.set(type, target);
    }
    target.count += slot.count;
    if (slot.document !== undefined) {
      target.document ??= newDocument();
      mergeDocument(target.document, slot.document);
    }
    if (slot.array !== undefined) {
      target.array ??= { lengths: new LengthCounter(), element: newPath() };
      target.array.lengths.merge(slot.array.lengths);
      mergePath(target.array.element, slot.array.element);
    }
  }
}

function mergeDocument(into: DocumentNode, from: DocumentNode): void {
  into.documents += from.documents;
  into.sizes.merge(from.sizes);
  into.idLikeKeys += from.idLikeKeys;
  for (const [key, child] of from.fields) {
    let target = into.fields.get(key);
    if (target === undefined) {
      target = newPath();
      into.fields.set(key, target);
    }
    mergePath(target, child);
  }
  if (from.map !== undefined) {
    into.map ??= { value: newPath(), keyKinds: new Map(), keys: new HyperLogLog(10) };
    mergePath(into.map.value, from.map.value);
    into.map.keys.merge(from.map.keys);
    for (const [kind, count] of from.map.keyKinds)
      into.map.keyKinds.set(kind, (into.map.keyKinds.get(kind) ?? 0) + count);
  }
}

const round = (share: number) => Math.round(share * 10_000) / 10_000;

function describeFields(node: DocumentNode, prefix: string): InferredField[] {
  const fields: InferredField[] = [];
  for (const [name, child] of node.fields)
    fields.push(describePath(name, prefix === '' ? name : `${prefix}.${name}`, child, node.documents));
  return fields;
}

function describePath(name: string, path: string, node: PathNode, parents: number): InferredField {
  const types = [...node.types]
    .sort((a, b) => b[1].count - a[1].count)
    .map(([type, slot]): InferredType => {
      const base = { type, count: slot.count, share: node.count === 0 ? 0 : round(slot.count / node.count) };
      if (slot.document !== undefined) {
        const map = slot.document.map;
        if (map !== undefined) {
          const kinds = [...map.keyKinds].sort((a, b) => b[1] - a[1]);
          return {
            ...base,
            map: {
              keys: kinds[0]?.[0] ?? 'string',
              distinctKeys: Math.round(map.keys.estimate()),
              size: slot.document.sizes.describe() ?? { count: 0, min: 0, p5: 0, p50: 0, p95: 0, max: 0 },
              value: describePath('[value]', `${path}.[value]`, map.value, map.value.count),
            },
          };
        }
        return { ...base, fields: describeFields(slot.document, path) };
      }
      if (slot.array !== undefined) {
        const lengths = slot.array.lengths.describe();
        const elements = slot.array.element.count;
        return {
          ...base,
          ...(lengths === undefined ? {} : { lengths }),
          element: describePath('[]', `${path}.[]`, slot.array.element, elements),
        };
      }
      return base;
    });
  return { name, path, count: node.count, presence: parents === 0 ? 0 : round(node.count / parents), types };
}
