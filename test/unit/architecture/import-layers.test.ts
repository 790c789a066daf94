// The layers of src/, read from the import graph: the neutral core (catalog/, tasks/, shared/) imports nothing
// above it, and nothing in the core of profiling and generation imports a database driver (drivers live in
// the source kinds under sources/<kind>/, and reach the core only through sources/contract.ts types). Each
// folder's README.md says what lives there and what it may import; this test keeps the rules that matter.
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { describe, expect, test } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const SRC = join(ROOT, 'src');

/** Folders of src/ (first path segment) each lower folder may import, besides itself. */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  shared: [],
  catalog: ['shared'],
  // Task files written before type facts existed are completed from PostgreSQL's type names: a pure module
  // of the PostgreSQL source (it imports only catalog/), the one place tasks/ reads from a source kind.
  tasks: ['catalog', 'shared', 'sources/postgres/type-facts.ts'],
};

/** Paths under src/ that form the pure core: no driver package may be imported there. */
const CORE = [
  'catalog/',
  'tasks/',
  'shared/',
  'profile/',
  'generate/values/',
  'generate/rows/',
  'generate/plan/',
];

/** Packages that talk to a database or a broker. */
const DRIVERS = [
  'pg',
  'pg-copy-streams',
  'pg-cursor',
  'mysql2',
  'mongodb',
  'kafkajs',
  '@electric-sql/pglite',
  '@electric-sql/pglite-socket',
  '@kafkajs/confluent-schema-registry',
];

interface Edge {
  readonly from: string;
  readonly specifier: string;
  /** The imported file relative to src/ (relative imports only). */
  readonly to?: string;
}

async function listSources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return listSources(path);
      return Promise.resolve(entry.name.endsWith('.ts') ? [path] : []);
    }),
  );
  return nested.flat();
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s(?:[^'";]*?\sfrom\s)?'([^']+)'|import\(\s*'([^']+)'\s*\)/g;

async function readEdges(): Promise<Edge[]> {
  const edges: Edge[] = [];
  for (const file of await listSources(SRC)) {
    const text = await readFile(file, 'utf8');
    const from = relative(SRC, file).split(sep).join('/');
    for (const match of text.matchAll(IMPORT)) {
      const specifier = match[1] ?? match[2]!;
      if (!specifier.startsWith('.')) {
        edges.push({ from, specifier });
        continue;
      }
      const target = relative(SRC, resolve(dirname(file), specifier))
        .split(sep)
        .join('/');
      edges.push({ from, specifier, to: target.replace(/\.js$/, '.ts') });
    }
  }
  return edges;
}

function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
}

describe('import layers of src/', () => {
  test('catalog/, tasks/ and shared/ import only the folders below them', async () => {
    const offending = (await readEdges()).flatMap((edge) => {
      const folder = edge.from.split('/')[0]!;
      const allowed = ALLOWED[folder];
      if (allowed === undefined || edge.to === undefined || edge.to.startsWith('..')) return [];
      const target = edge.to.split('/')[0]!;
      if (target === folder || allowed.includes(target) || allowed.includes(edge.to)) return [];
      return [`src/${edge.from} imports ${edge.specifier}`];
    });
    expect(offending).toEqual([]);
  });

  test('the core imports no database or broker driver', async () => {
    const offending = (await readEdges()).flatMap((edge) =>
      CORE.some((prefix) => edge.from.startsWith(prefix)) &&
      edge.to === undefined &&
      DRIVERS.includes(packageOf(edge.specifier))
        ? [`src/${edge.from} imports ${edge.specifier}`]
        : [],
    );
    expect(offending).toEqual([]);
  });

  test('the one source module tasks/ reads imports only the catalog model', async () => {
    const edges = (await readEdges()).filter((edge) => edge.from === 'sources/postgres/type-facts.ts');
    expect(edges.filter((edge) => !edge.to?.startsWith('catalog/')).map((edge) => edge.specifier)).toEqual(
      [],
    );
  });

  test('the scan sees imports: catalog/ is imported by tasks/, and sources/postgres imports pg', async () => {
    const edges = await readEdges();
    expect(edges.some((edge) => edge.from.startsWith('tasks/') && edge.to?.startsWith('catalog/'))).toBe(
      true,
    );
    expect(
      edges.some((edge) => edge.from.startsWith('sources/postgres/') && packageOf(edge.specifier) === 'pg'),
    ).toBe(true);
  });
});
