/**
 * Databases and their collections (`listDatabases`, `listCollections`): name, type (collection, view,
 * time-series) and options (capped size, validator, view pipeline, time-series fields). System databases
 * (`admin`, `local`, `config`) and `system.*` collections are left out.
 */
import type { Db, MongoClient } from 'mongodb';

export interface RawCollection {
  readonly database: string;
  readonly name: string;
  /** `collection`, `view` or `timeseries`, as listCollections says. */
  readonly type: string;
  readonly options: Readonly<Record<string, unknown>>;
}

const SYSTEM_DATABASES = new Set(['admin', 'local', 'config']);

/** Names of the user databases (or just `databases` when given). */
export async function fetchDatabases(client: MongoClient, databases?: readonly string[]): Promise<string[]> {
  if (databases !== undefined && databases.length > 0) return [...databases];
  const listed = await client.db('admin').admin().listDatabases({ nameOnly: true });
  return listed.databases
    .map((entry) => entry.name)
    .filter((name) => !SYSTEM_DATABASES.has(name))
    .sort();
}

/** The collections and views of one database. */
export async function fetchCollections(db: Db, maxTimeMS: number): Promise<RawCollection[]> {
  const listed = await db.listCollections({}, { nameOnly: false, maxTimeMS }).toArray();
  return listed
    .filter((entry) => !entry.name.startsWith('system.'))
    .map((entry) => ({
      database: db.databaseName,
      name: entry.name,
      type: typeof entry.type === 'string' ? entry.type : 'collection',
      options: (entry as { options?: Record<string, unknown> }).options ?? {},
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
