/**
 * Starting a worker thread from one of doppel's modules, built or not: the built `.js` file next to the
 * caller, or, when running from source (tsx, vitest), a small bootstrap that registers tsx's loader in the
 * worker and imports the `.ts` file.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

export type WorkerEntry = { readonly url: URL } | { readonly code: string };

/** Where worker module `name` (without extension) next to `base` (the caller's `import.meta.url`) starts. */
export function locateWorker(base: string, name: string): WorkerEntry | undefined {
  const built = new URL(`./${name}.js`, base);
  if (existsSync(fileURLToPath(built))) return { url: built };
  const source = new URL(`./${name}.ts`, base);
  if (!existsSync(fileURLToPath(source))) return undefined;
  try {
    const api = createRequire(base)
      .resolve('tsx/esm/api')
      .replace(/\.cjs$/, '.mjs');
    if (!existsSync(api)) return undefined;
    const loader = JSON.stringify(pathToFileURL(api).href);
    return {
      code: `import(${loader}).then((tsx) => { tsx.register(); return import(${JSON.stringify(source.href)}); });`,
    };
  } catch {
    return undefined;
  }
}

/** Starts a worker at `entry` with `workerData`. */
export function startWorker(entry: WorkerEntry, workerData: unknown): Worker {
  return 'url' in entry
    ? new Worker(entry.url, { workerData })
    : new Worker(entry.code, { eval: true, workerData });
}
