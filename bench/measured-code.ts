/**
 * The doppel code the generation and profiling benchmarks measure: the built modules in dist/, which `doppel`
 * runs (`npm run bench:generate` and `bench:profile` build first), not the TypeScript sources as tsx runs them. tsx compiles with
 * esbuild's keepNames, which wraps named functions and closures in `__name(...)` calls; on the 9-column table
 * that cost about 15% more CPU than the built code. DOPPEL_BENCH_CODE=src measures the sources instead.
 * Everything measured comes from one place, so no module is loaded twice (once from each).
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const code = process.env.DOPPEL_BENCH_CODE === 'src' ? 'src' : 'dist';

/** Imports `path` (relative to src/, `.js`) from the measured code, typed as its source module. */
async function importMeasured<Module>(path: string): Promise<Module> {
  const url = new URL(`../${code}/${path}`, import.meta.url);
  if (code === 'dist' && !existsSync(fileURLToPath(url)))
    throw new Error(
      `${fileURLToPath(url)} is missing: run \`npm run build\` first (or DOPPEL_BENCH_CODE=src).`,
    );
  return (await import(url.href)) as Module;
}

export const measuredCode = code;
export const { createGeneration } =
  await importMeasured<typeof import('../src/generate/engine.js')>('generate/engine.js');
export const { streamRows } = await importMeasured<typeof import('../src/generate/load/load-database.js')>(
  'generate/load/load-database.js',
);
export const { writeGeneration } = await importMeasured<
  typeof import('../src/generate/output/write-files.js')
>('generate/output/write-files.js');
export const { profileSource } =
  await importMeasured<typeof import('../src/profile/run.js')>('profile/run.js');
export const { parseAddress } =
  await importMeasured<typeof import('../src/shared/address.js')>('shared/address.js');
export const { silentLogger } = await importMeasured<typeof import('../src/shared/log.js')>('shared/log.js');
export const { openTarget } =
  await importMeasured<typeof import('../src/sources/index.js')>('sources/index.js');
export const { openPostgresSource } =
  await importMeasured<typeof import('../src/sources/postgres/index.js')>('sources/postgres/index.js');
export const { createRecordEncoder } = await importMeasured<
  typeof import('../src/sources/kafka/record-encoding.js')
>('sources/kafka/record-encoding.js');
export const { BATCH_RECORDS, COMPRESSION } = await importMeasured<
  typeof import('../src/sources/kafka/target-session.js')
>('sources/kafka/target-session.js');
export const { loadProfile } = await importMeasured<typeof import('../src/tasks/index.js')>('tasks/index.js');
export const { toUtcText } = await importMeasured<typeof import('../src/sources/mysql/value-literal.js')>(
  'sources/mysql/value-literal.js',
);
