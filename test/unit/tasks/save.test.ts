// Saving: load → save → load → save gives identical bytes and equal objects; look-alike strings stay
// strings; float noise is dropped; writes are atomic and leave no temporary files; stale dataset files that
// doppel wrote are removed and nothing else is.
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import {
  assignDatasetFileNames,
  type DatasetTask,
  loadProfile,
  type Profile,
  ProfileError,
  renderDatasetTask,
  roundSignificant,
  saveProfile,
} from '../../../src/tasks/index.js';

const EXAMPLE = 'test/fixtures/profiles/example';
let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'doppel-tasks-'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function readFolder(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(
    await Promise.all(names.map(async (name) => [name, await readFile(join(dir, name), 'utf8')])),
  );
}

/** A one-dataset profile around `task`, whose file name follows the naming rule. */
function profileOf(tasks: readonly DatasetTask[]): Profile {
  const files = assignDatasetFileNames(tasks.map((task) => task.dataset));
  return {
    plan: {
      version: 1,
      profile: 'made',
      taken: { at: '2024-01-01T00:00:00Z', by: 'doppel test' },
      sampling: { method: 'full', seed: 1 },
      privacy: { k: 10, digits: 3, overrides: [] },
      sources: [{ name: 'shop', kind: 'postgres' }],
      datasets: tasks.map((task, index) => ({
        source: task.dataset.source,
        name: task.dataset.name,
        file: files[index] ?? '',
        enabled: true,
      })),
      relations: [],
    },
    datasets: tasks,
  };
}

function taskNamed(name: string, fields: DatasetTask['fields']): DatasetTask {
  return {
    version: 1,
    dataset: { source: 'shop', name, local: name, kind: 'table', writable: true, rows: 10 },
    sampling: { method: 'full', rows: 10, seed: 1 },
    fields,
    keys: { unique: [] },
    checks: [],
    indexes: [],
    relations: [],
    rules: [],
  };
}

describe('saveProfile', () => {
  test('round trip: identical bytes on the second save, equal objects on every load', async () => {
    const original = await loadProfile(EXAMPLE);
    await saveProfile(join(work, 'one'), original);
    const reloaded = await loadProfile(join(work, 'one'));
    expect(reloaded).toEqual(original);
    await saveProfile(join(work, 'two'), reloaded);
    expect(await readFolder(join(work, 'two'))).toEqual(await readFolder(join(work, 'one')));
    await saveProfile(join(work, 'one'), reloaded);
    expect(await readFolder(join(work, 'one'))).toEqual(await readFolder(join(work, 'two')));
  });

  test('keys come out in the fixed order, short leaf collections in flow style', async () => {
    const text = renderDatasetTask(
      taskNamed('t', [
        {
          generator: { unique: true, kind: 'histogram', bins: [[0, 12.5, 0.1]] },
          nullable: false,
          type: { native: 'numeric(12,2)', logical: 'decimal' },
          name: 'total',
        },
      ]),
    );
    expect(text).toContain(
      [
        'fields:',
        '  - name: total',
        '    type: { logical: decimal, native: "numeric(12,2)" }',
        '    nullable: false',
        '    generator: { kind: histogram, bins: [ [ 0, 12.5, 0.1 ] ], unique: true }',
      ].join('\n'),
    );
  });

  test('strings that look like other YAML types stay strings; float noise is dropped', async () => {
    const lookAlikes = [
      'yes',
      'no',
      'on',
      'off',
      'NO',
      'y',
      '1.0',
      '1',
      '-0',
      'null',
      '~',
      '',
      'true',
      '0x1F',
      '1_000',
      '1:20',
      '2001-12-14',
      '.inf',
      '.nan',
      '1e3',
      ' padded ',
      '#hash',
      '- dash',
      'a: b',
      '[x]',
      '{y}',
      '@at',
      '`tick',
      '"q"',
      "'s'",
      'line\nbreak',
    ];
    const weights = Object.fromEntries(lookAlikes.map((text, index) => [text, index / 100]));
    const task = taskNamed('look_alikes', [
      {
        name: 'v',
        type: { logical: 'string', native: 'text' },
        nullable: false,
        comment: 'yes',
        default: '1.0',
        generator: { kind: 'categorical', weights, nulls: 0.1 + 0.2 },
        stats: {
          count: 3,
          nulls: 0.30000000000000004,
          mean: 1 / 3,
          top: lookAlikes.map((value) => ({ value, share: 0.01 })),
        },
      },
      {
        name: 'c',
        type: { logical: 'json', native: 'jsonb' },
        nullable: false,
        generator: { kind: 'constant', value: { list: lookAlikes, nested: { yes: 'no', null: null } } },
      },
    ]);
    await saveProfile(work, profileOf([task]));
    const saved = await readFile(join(work, 'look_alikes.yaml'), 'utf8');
    expect(saved).toContain('nulls: 0.3\n');
    expect(saved).not.toContain('0.30000000000000004');
    const loaded = await loadProfile(work);
    const [field, constant] = loaded.datasets[0]?.fields ?? [];
    expect(field?.comment).toBe('yes');
    expect(field?.default).toBe('1.0');
    expect(Object.keys(field?.generator.kind === 'categorical' ? field.generator.weights : {})).toEqual(
      Object.keys(weights),
    );
    expect(field?.stats?.top?.map((top) => top.value)).toEqual(lookAlikes);
    expect(field?.stats?.mean).toBe(0.333333333333333);
    expect(constant?.generator).toEqual({
      kind: 'constant',
      value: { list: lookAlikes, nested: { yes: 'no', null: null } },
    });
    // Quoted for YAML 1.1 readers too: a 1.1 parser sees the same strings.
    expect(saved).toContain('"yes": 0');
    expect(saved).toContain('"NO": 0.04');
    expect(saved).toContain('"1_000": ');
  });

  test('writes atomically: no temporary files remain, also when a write fails', async () => {
    await saveProfile(work, await loadProfile(EXAMPLE));
    expect((await readdir(work)).filter((name) => name.endsWith('.tmp'))).toEqual([]);

    const blocked = join(work, 'blocked');
    await mkdir(join(blocked, 'shop+public.orders.yaml'), { recursive: true });
    await writeFile(join(blocked, 'shop+public.orders.yaml', 'keep'), 'x');
    await expect(saveProfile(blocked, await loadProfile(EXAMPLE))).rejects.toThrow(
      `Cannot write ${join(blocked, 'shop+public.orders.yaml')} (EISDIR).`,
    );
    expect((await readdir(blocked)).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  test("removes dataset files the old plan listed and the new one does not; leaves others' files alone", async () => {
    const example = await loadProfile(EXAMPLE);
    await saveProfile(work, example);
    await writeFile(join(work, 'README.md'), 'notes\n');
    const kept = example.plan.datasets.filter((entry) => entry.name !== 'public.order_totals');
    const smaller: Profile = {
      plan: { ...example.plan, datasets: kept },
      datasets: example.datasets.filter((task) => task.dataset.name !== 'public.order_totals'),
    };
    await saveProfile(work, smaller);
    expect((await readdir(work)).sort()).toEqual(
      ['README.md', ...kept.map((entry) => entry.file), 'plan.yaml'].sort(),
    );
    expect(await loadProfile(work)).toEqual(smaller);
  });

  test('an invalid profile is refused and nothing is written', async () => {
    const example = await loadProfile(EXAMPLE);
    const broken: Profile = {
      plan: example.plan,
      datasets: example.datasets.map((task, index) =>
        index === 0 ? { ...task, rules: [{ kind: 'ordered', fields: ['id', 'nope'] }] } : task,
      ),
    };
    const target = join(work, 'refused');
    const error = await saveProfile(target, broken).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(ProfileError);
    expect((error as ProfileError).problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
      'rules[0].fields[1]: names no field of this dataset ("nope")',
    ]);
    await expect(readdir(target)).rejects.toThrow();
  });

  test('hundreds of datasets save and load', async () => {
    const tasks = Array.from({ length: 300 }, (_, index) =>
      taskNamed(`table_${index}`, [
        {
          name: 'id',
          type: { logical: 'integer', native: 'bigint', bits: 64 },
          nullable: false,
          generator: { kind: 'sequence', start: 1, step: 1 },
        },
      ]),
    );
    await saveProfile(work, profileOf(tasks));
    const loaded = await loadProfile(work);
    expect(loaded.datasets.map((task) => task.dataset.name)).toEqual(tasks.map((task) => task.dataset.name));
  });
});

describe('roundSignificant', () => {
  test('keeps the given significant digits and no binary noise', () => {
    expect(roundSignificant(123456, 3)).toBe(123000);
    expect(roundSignificant(0.012345, 2)).toBe(0.012);
    expect(roundSignificant(0.1 + 0.2, 3)).toBe(0.3);
    expect(roundSignificant(-0.0004, 1)).toBe(-0.0004);
    expect(roundSignificant(-0.00001, 3)).toBe(-0.00001);
    expect(roundSignificant(0, 3)).toBe(0);
    expect(roundSignificant(Number.POSITIVE_INFINITY, 3)).toBe(Number.POSITIVE_INFINITY);
    expect(roundSignificant(1.2e21, 2)).toBe(1.2e21);
  });
});
