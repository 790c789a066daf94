import { createRequire } from 'node:module';

/** doppel's version, read from package.json (works from `src/` under vitest and from `dist/`). */
export const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string })
  .version;
