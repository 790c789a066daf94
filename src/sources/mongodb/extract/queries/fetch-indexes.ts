/** The indexes of one collection (`listIndexes`): key pattern and the options doppel keeps. */
import type { Collection } from 'mongodb';

export interface RawIndex {
  readonly name: string;
  /** Key pattern in order: path → 1, -1, 'text', 'hashed', '2dsphere', ... */
  readonly key: readonly (readonly [string, number | string])[];
  readonly unique: boolean;
  readonly sparse: boolean;
  readonly partialFilterExpression?: Readonly<Record<string, unknown>>;
  readonly expireAfterSeconds?: number;
}

export async function fetchIndexes(collection: Collection, maxTimeMS: number): Promise<RawIndex[]> {
  const listed = await collection.listIndexes({ maxTimeMS }).toArray();
  return listed.map((entry) => ({
    name: String(entry.name),
    key: Object.entries((entry.key ?? {}) as Record<string, unknown>).map(
      ([path, direction]) => [path, typeof direction === 'string' ? direction : Number(direction)] as const,
    ),
    unique: entry.unique === true,
    sparse: entry.sparse === true,
    ...(entry.partialFilterExpression !== undefined
      ? { partialFilterExpression: entry.partialFilterExpression as Record<string, unknown> }
      : {}),
    ...(typeof entry.expireAfterSeconds === 'number' ? { expireAfterSeconds: entry.expireAfterSeconds } : {}),
  }));
}
