/**
 * `doppel demo`: the shop data set in an embedded PostgreSQL (PGlite, no server), profiled into a folder.
 * Shows what doppel does with no setup; the committed `profiles/demo/` is its output.
 */

import { type ProfileProgress, profileSource } from '../profile/run.js';
import type { Logger } from '../shared/log.js';
import { openPostgresSource, startPglite } from '../sources/postgres/index.js';
import { saveProfile } from '../tasks/save.js';
import type { Profile } from '../tasks/types.js';
import { buildDemoTables, DEFAULT_DEMO_SIZE, type DemoSize } from './demo-data.js';
import { loadDemo } from './load-demo.js';

export const DEMO_SOURCE_NAME = 'shop';
export const DEMO_SEED = 42;

export interface DemoOptions {
  readonly out: string;
  readonly log: Logger;
  readonly size?: DemoSize;
  readonly signal?: AbortSignal;
  readonly onProgress?: (
    event: ProfileProgress | { readonly kind: 'loaded'; readonly rows: number; readonly seconds: number },
  ) => void;
  /** Clock for the plan's `taken.at`. */
  readonly now?: () => Date;
}

/** Starts PGlite, loads the demo shop, profiles it into `out`, and returns the profile. */
export async function runDemo(options: DemoOptions): Promise<Profile> {
  const started = performance.now();
  const server = await startPglite({ dir: null });
  try {
    const tables = buildDemoTables(DEMO_SEED, options.size ?? DEFAULT_DEMO_SIZE);
    await loadDemo(server.url, tables);
    const rows = tables.reduce((sum, table) => sum + table.rows.length, 0);
    options.onProgress?.({ kind: 'loaded', rows, seconds: (performance.now() - started) / 1000 });
    const session = await openPostgresSource(server.url, { log: options.log, name: DEMO_SOURCE_NAME });
    let profile: Profile;
    try {
      profile = await profileSource(session, {
        profile: 'demo',
        filter: { namespaces: ['public'] },
        sampling: { seed: DEMO_SEED },
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress ? { onProgress: options.onProgress } : {}),
        ...(options.now ? { now: options.now } : {}),
      });
    } finally {
      await session.close();
    }
    await saveProfile(options.out, profile);
    return profile;
  } finally {
    await server.close();
  }
}
