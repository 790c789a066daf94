// The plan asks the target what it can do before anything is written: a foreign-key cycle, --create-schema
// or --mode truncate the target cannot carry out is refused (exit 6) with a message naming the cycle and what
// the target lacks, and edge values it cannot store (NaN, infinity) are never generated for it.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { createGeneration } from '../../../src/generate/engine.js';
import { type GenerationRequest, runGeneration } from '../../../src/generate/run-generation.js';
import { listEdgeValues } from '../../../src/generate/values/edge-cases.js';
import { DoppelError, EXIT } from '../../../src/shared/errors.js';
import { silentLogger } from '../../../src/shared/log.js';
import type { Capabilities, TargetSession } from '../../../src/sources/contract.js';
import { POSTGRES_CAPABILITIES } from '../../../src/sources/postgres/kind.js';
import { departments, employees, profileOf } from './shop-profile.js';

/** A target that can do nothing beyond appending rows (a message topic, say). */
const APPEND_ONLY: Capabilities = {
  transactions: false,
  deferrableConstraints: false,
  disableForeignKeyChecks: false,
  selfReferenceInOneLoad: false,
  updateByKeys: false,
  createSchema: false,
  truncate: false,
  deleteByKeys: false,
  samplingMethods: [],
  specialValues: [],
};

/** A session that records every call that could write. */
function createRecordingTarget(capabilities: Capabilities): { session: TargetSession; calls: string[] } {
  const calls: string[] = [];
  const record =
    (name: string) =>
    async (..._args: unknown[]): Promise<never> => {
      calls.push(name);
      throw new Error(`${name} must not be called`);
    };
  const session: TargetSession = {
    info: { kind: 'kafka', name: 'target' },
    capabilities,
    load: record('load'),
    loadCycle: record('loadCycle'),
    createSchema: record('createSchema'),
    truncate: record('truncate'),
    inTransaction: record('inTransaction'),
    updateByKeys: record('updateByKeys'),
    deferConstraints: record('deferConstraints'),
    close: async () => {
      calls.push('close');
    },
  };
  return { session, calls };
}

const folders: string[] = [];
afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

async function generateInto(
  capabilities: Capabilities,
  request: Partial<GenerationRequest>,
  datasets = [
    { ...employees, fields: employees.fields.filter((field) => field.name !== 'manager_id') },
    departments,
  ],
) {
  const stateDir = await mkdtemp(join(tmpdir(), 'doppel-capabilities-'));
  folders.push(stateDir);
  const { session, calls } = createRecordingTarget(capabilities);
  const error = await runGeneration(
    profileOf(datasets),
    stateDir,
    { target: { kind: 'postgres', url: 'postgres://reader@127.0.0.1:1/none' }, seed: 1, ...request },
    { log: silentLogger, signal: new AbortController().signal, stateDir, openTarget: async () => session },
  ).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return { error, calls, state: await readdir(stateDir) };
}

describe('the plan asks the target', () => {
  test('a cycle the target cannot load is refused before any write, exit 6, naming the cycle and the lack', async () => {
    const { error, calls, state } = await generateInto(APPEND_ONLY, {
      mode: 'truncate',
      createSchema: false,
    });
    expect(error).toBeInstanceOf(DoppelError);
    const refused = error as DoppelError;
    expect(refused.kind).toBe('refused');
    expect(refused.exitCode).toBe(EXIT.refused);
    expect(refused.exitCode).toBe(6);
    expect(refused.message).toContain('kafka targets cannot empty tables (--mode truncate)');
    expect(calls).toEqual(['close']);
    expect(state).toEqual([]);

    const cycle = await generateInto({ ...APPEND_ONLY, truncate: true }, {});
    expect((cycle.error as DoppelError).exitCode).toBe(6);
    expect((cycle.error as DoppelError).message).toBe(
      'The foreign-key cycle public.departments → public.employees → public.departments cannot be loaded into kafka: ' +
        'public.employees(department_id)->public.departments(id) is not DEFERRABLE, its fields are NOT NULL, kafka targets cannot switch foreign-key checks off; ' +
        'public.departments(head_id)->public.employees(id) is not DEFERRABLE, its fields are nullable, but kafka targets cannot update rows by key afterwards, kafka targets cannot switch foreign-key checks off. Nothing was written.',
    );
    expect(cycle.calls).toEqual(['close']);
    expect(cycle.state).toEqual([]);
  });

  test('a nullable self-reference needs updates by key; --create-schema needs schema creation', async () => {
    const selfReference = await generateInto({ ...APPEND_ONLY }, {}, [employees, departments]);
    expect((selfReference.error as DoppelError).message).toContain(
      'The foreign-key cycle public.employees → public.employees cannot be loaded into kafka: public.employees(manager_id)->public.employees(id) is loaded null and set after loading, but kafka targets cannot update rows by key',
    );
    const schema = await generateInto({ ...APPEND_ONLY, updateByKeys: true }, { createSchema: true });
    expect((schema.error as DoppelError).message).toBe(
      'kafka targets cannot create a schema (--create-schema). Nothing was written.',
    );
    expect(schema.calls).toEqual(['close']);
  });

  test('a target that can update by key gets the cycle planned as null-then-update', () => {
    const generation = createGeneration(profileOf([employees, departments]), {
      seed: 1,
      target: { name: 'kafka', capabilities: { ...APPEND_ONLY, updateByKeys: true } },
    });
    expect(generation.plan.cycles.map((cycle) => cycle.strategy)).toEqual([
      'self-reference',
      'null-then-update',
    ]);
    const postgres = createGeneration(profileOf([employees, departments]), {
      seed: 1,
      target: { name: 'postgres', capabilities: POSTGRES_CAPABILITIES },
    });
    expect(postgres.plan.cycles).toEqual(
      createGeneration(profileOf([employees, departments]), { seed: 1 }).plan.cycles,
    );
  });

  test('edge values a target cannot store are left out', () => {
    const real = { logical: 'float', native: 'real', bits: 32, special: ['nan', 'infinity'] } as const;
    expect(listEdgeValues(real, false, APPEND_ONLY.specialValues)).toEqual([0, 3.4e38, 1.2e-38]);
    expect(listEdgeValues(real, false, ['infinity'])).toEqual([
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      0,
      3.4e38,
      1.2e-38,
    ]);
    expect(listEdgeValues(real, false)).toHaveLength(6);
  });
});
