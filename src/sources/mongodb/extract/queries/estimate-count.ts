/** The estimated document count of a collection (collection metadata, no scan). */
import type { Collection } from 'mongodb';

export async function estimateCount(collection: Collection, maxTimeMS: number): Promise<number | null> {
  try {
    return await collection.estimatedDocumentCount({ maxTimeMS });
  } catch {
    // Views and some wire-protocol servers have no count metadata: unknown rather than wrong.
    return null;
  }
}
