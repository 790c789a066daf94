/**
 * The privacy canary on MongoDB: unique strings planted in one document (a rare value of a kept categorical
 * field, a nested document's field, an array element, a field of a document inside an array, an email's
 * local part, a string inside a polymorphic field, a map value's text) and outlier numbers must not appear in
 * any task file, anything printed or the log, whether the profile reads every document or samples; nor in
 * the documents generated from that profile.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MongoClient, ObjectId } from 'mongodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSequence } from '../../../../src/shared/random.js';
import { runCliForTest } from '../../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../../helpers/test-database.js';

const CANARIES = [
  'CANARY_city_m4z',
  'CANARY_nick_m4z',
  'CANARY_tag_m4z',
  'CANARY_sku_m4z',
  'CANARY_local_m4z',
  'CANARY_mixed_m4z',
  'CANARY_note_m4z',
];
const CANARY_NUMBERS = ['4242424', '98765.4321'];
const CITIES = ['Lyon', 'Graz', 'Porto', 'Turku', 'Ghent'];
const TAGS = ['new', 'vip', 'b2b', 'promo', 'late'];

function expectNoCanary(text: string): void {
  for (const canary of CANARIES) expect(text).not.toContain(canary);
  expect(text.toLowerCase()).not.toContain('canary');
  for (const number of CANARY_NUMBERS) expect(text).not.toContain(number);
}

async function readAllFiles(dir: string): Promise<string> {
  const names = await readdir(dir);
  return (await Promise.all(names.map((name) => readFile(join(dir, name), 'utf8')))).join('\n');
}

let source: TestDatabase;
let target: TestDatabase;
let client: MongoClient;
let folder: string;

beforeAll(async () => {
  source = await createTestDatabase('mongodb');
  target = await createTestDatabase('mongodb');
  client = new MongoClient(source.url);
  await client.connect();
  const random = createSequence(5);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const voters = Array.from({ length: 40 }, (_, index) => ObjectId.createFromTime(1_600_000_000 + index));
  const people = Array.from({ length: 400 }, (_, index) => ({
    _id: new ObjectId(),
    email: `member${index}@example.org`,
    city: pick(CITIES),
    age: 18 + (index % 60),
    profile: { nickname: `nick${index}`, ...(index % 3 === 0 ? { rank: index % 9 } : {}) },
    tags: Array.from({ length: index % 3 }, () => pick(TAGS)),
    items: [{ sku: `SKU-${index % 20}`, price: Math.round(random() * 5000) / 100 }],
    mixed: index % 4 === 0 ? `m-${index % 3}` : index % 50,
    notes: Object.fromEntries(
      Array.from({ length: 1 + (index % 2) }, () => [pick(voters).toHexString(), `seen ${index % 4}`]),
    ),
  }));
  people.push({
    _id: new ObjectId(),
    email: 'CANARY_local_m4z@example.org',
    city: 'CANARY_city_m4z',
    age: 4242424,
    profile: { nickname: 'CANARY_nick_m4z', rank: 98765.4321 },
    tags: ['CANARY_tag_m4z'],
    items: [{ sku: 'CANARY_sku_m4z', price: 98765.4321 }],
    mixed: 'CANARY_mixed_m4z',
    notes: { [voters[0]!.toHexString()]: 'CANARY_note_m4z' },
  });
  await client.db(source.name).collection('people').insertMany(people);
  folder = await mkdtemp(join(tmpdir(), 'doppel-mongo-privacy-'));
}, 120_000);

afterAll(async () => {
  await client?.close();
  await source?.drop();
  await target?.drop();
  if (folder !== undefined) await rm(folder, { recursive: true, force: true });
});

describe('privacy canary on MongoDB', () => {
  for (const mode of [['--full'], ['--sample-rows', '300']]) {
    it(`leaks no canary with ${mode.join(' ')}, nor into generated documents`, async () => {
      const out = join(folder, mode[0]!.replace(/-/g, ''));
      const human = await runCliForTest([
        '--log-level',
        'debug',
        'profile',
        source.url,
        '--out',
        out,
        ...mode,
      ]);
      expect(human.code, human.stderr).toBe(0);
      const json = await runCliForTest(['--json', 'profile', source.url, '--out', out, ...mode]);
      expect(json.code, json.stderr).toBe(0);
      const files = await readAllFiles(out);
      expect(files).toContain(`${source.name}.people`);
      // Kept values are there (seen at least k times): the filter is not simply writing nothing.
      expect(files).toContain('Turku');
      expectNoCanary(files);
      expectNoCanary(human.stdout + human.stderr + json.stdout + json.stderr);

      const state = await mkdtemp(join(tmpdir(), 'doppel-mongo-privacy-state-'));
      try {
        const generated = await runCliForTest(
          ['generate', out, '--target', target.url, '--mode', 'truncate'],
          {
            DOPPEL_STATE_DIR: state,
          },
        );
        expect(generated.code, generated.stderr).toBe(0);
      } finally {
        await rm(state, { recursive: true, force: true });
      }
      const documents = await client.db(target.name).collection('people').find().toArray();
      expect(documents.length).toBeGreaterThan(100);
      expectNoCanary(JSON.stringify(documents));
    });
  }
});
