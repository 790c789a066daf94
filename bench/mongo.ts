/**
 * Schema inference benchmark (`npm run bench:mongo`): the MongoDB test fixture (nested documents, arrays of
 * documents, a polymorphic field, a map keyed by ObjectIds, references) loaded at `--scale` times its size
 * into a fresh database of the wire-protocol server, every document read once with a raw cursor (timed: the
 * cost of reading), then the same in-memory documents inferred, best of `--rounds`, by
 *   - doppel's schema tree (`inferSchema`: presence, BSON type mix, array lengths, maps, limits),
 *   - doppel's tree plus the profile pass over every path (statistics, patterns, semantics: what a task file
 *     holds),
 *   - the `mongodb-schema` package (the analyser behind MongoDB Compass), `parseSchema` with its defaults,
 * printing documents per second for each and the ratios to `mongodb-schema`. Address:
 * DOPPEL_BENCH_MONGODB_URL (default: the local test server). Never part of `npm test`.
 */
import { randomBytes } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { type Document, MongoClient } from 'mongodb';
import { parseSchema } from 'mongodb-schema';
import type { Row } from '../src/catalog/values.js';
import { profileRows } from '../src/profile/measure/dataset-profiler.js';
import { createDocumentReader } from '../src/sources/mongodb/document-rows.js';
import { assembleDataset, inferSchema } from '../src/sources/mongodb/index.js';
import { loadMongoFixture } from '../test/integration/sources/mongodb/fixture-database.js';

const { values } = parseArgs({
  options: {
    scale: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '3' },
  },
});
const SCALE = Number(values.scale);
const ROUNDS = Number(values.rounds);
const SERVER_URL = process.env.DOPPEL_BENCH_MONGODB_URL ?? 'mongodb://127.0.0.1:27017/';
const RAW = { promoteValues: false, promoteLongs: false, promoteBuffers: false } as const;

/** Best wall time of `rounds` runs of `work`, in seconds. */
async function best(work: () => Promise<unknown>): Promise<number> {
  let fastest = Number.POSITIVE_INFINITY;
  for (let round = 0; round < ROUNDS; round++) {
    const started = performance.now();
    await work();
    fastest = Math.min(fastest, (performance.now() - started) / 1000);
  }
  return fastest;
}

async function inferAndProfile(name: string, documents: readonly Document[]): Promise<void> {
  const schema = await inferSchema(documents);
  const dataset = assembleDataset(
    { database: 'bench', name, type: 'collection', options: {} },
    [],
    documents.length,
    schema,
  );
  const toRow = createDocumentReader(dataset.fields);
  const rows: Row[] = documents.map((document) => toRow(document));
  await profileRows(dataset, rows, { k: 10, seed: 42 });
}

async function main(): Promise<void> {
  const client = new MongoClient(SERVER_URL);
  await client.connect();
  const database = `doppel_bench_${randomBytes(4).toString('hex')}`;
  try {
    await loadMongoFixture(client, database, SCALE);
    const collections: { name: string; documents: Document[]; readSeconds: number }[] = [];
    for (const name of ['customers', 'orders']) {
      const started = performance.now();
      const documents = await client.db(database).collection(name).find({}, RAW).toArray();
      collections.push({ name, documents, readSeconds: (performance.now() - started) / 1000 });
    }
    const total = collections.reduce((sum, entry) => sum + entry.documents.length, 0);
    console.log(
      `mongo bench: ${total.toLocaleString('en-US')} documents (scale ${SCALE}), best of ${ROUNDS}; ${cpus().length} cores, load ${loadavg()[0]?.toFixed(2)}`,
    );
    const rate = (seconds: number) => Math.round(total / seconds).toLocaleString('en-US');
    const read = collections.reduce((sum, entry) => sum + entry.readSeconds, 0);
    const tree = await best(async () => {
      for (const entry of collections) await inferSchema(entry.documents);
    });
    const full = await best(async () => {
      for (const entry of collections) await inferAndProfile(entry.name, entry.documents);
    });
    const compass = await best(async () => {
      for (const entry of collections) await parseSchema(entry.documents);
    });
    const row = (label: string, seconds: number, ratio?: string) =>
      console.log(
        `${label.padEnd(46)} ${seconds.toFixed(3).padStart(8)} s ${rate(seconds).padStart(12)} docs/s${ratio ?? ''}`,
      );
    row('raw cursor read (find, promoteValues off)', read);
    row('mongodb-schema 12.7.0 parseSchema', compass);
    row('doppel schema tree (inferSchema)', tree, `   ${(compass / tree).toFixed(2)}x mongodb-schema`);
    row('doppel tree + profile of every path', full, `   ${(compass / full).toFixed(2)}x mongodb-schema`);
  } finally {
    await client.db(database).dropDatabase();
    await client.close();
  }
}

await main();
