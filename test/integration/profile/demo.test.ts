/**
 * The embedded demo end to end: PGlite, the seeded shop, a profile written to a folder and loadable again,
 * and (through the CLI, as `npm start` runs it) its HTML report.
 */
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildDemoTables } from '../../../src/demo/demo-data.js';
import { runDemo } from '../../../src/demo/run-demo.js';
import { renderProfileReport } from '../../../src/report/index.js';
import { silentLogger } from '../../../src/shared/log.js';
import { loadProfile } from '../../../src/tasks/load.js';
import { REPO_ROOT, runCliForTest } from '../../helpers/run-cli.js';

const folders: string[] = [];

afterAll(async () => {
  for (const folder of folders) await rm(folder, { recursive: true, force: true });
});

describe('doppel demo', () => {
  it('builds the same shop for the same seed', () => {
    const size = { customers: 50, products: 10, orders: 80 };
    expect(JSON.stringify(buildDemoTables(7, size))).toBe(JSON.stringify(buildDemoTables(7, size)));
    expect(JSON.stringify(buildDemoTables(7, size))).not.toBe(JSON.stringify(buildDemoTables(8, size)));
  });

  it('profiles the shop in PGlite into a loadable profile', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'doppel-demo-'));
    folders.push(folder);
    const size = { customers: 400, products: 60, orders: 1200 };
    const profile = await runDemo({ out: folder, log: silentLogger, size });
    expect(profile.datasets.map((task) => task.dataset.local).sort()).toEqual([
      'addresses',
      'customers',
      'order_items',
      'orders',
      'payments',
      'products',
    ]);
    const loaded = await loadProfile(folder);
    expect(loaded.datasets).toHaveLength(6);
    const orders = loaded.datasets.find((task) => task.dataset.local === 'orders')!;
    expect(orders.relations.find((relation) => !relation.declared)?.to.dataset).toBe('public.addresses');
    const items = loaded.datasets.find((task) => task.dataset.local === 'order_items')!;
    expect(items.fields.find((field) => field.name === 'line_total')?.generator.kind).toBe('database');
    const customers = loaded.datasets.find((task) => task.dataset.local === 'customers')!;
    expect(customers.fields.find((field) => field.name === 'email')?.semantic?.personal).toBe(true);
  });

  it('writes exactly the committed profiles/demo (what npm start writes), apart from when it was taken, and its report', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'doppel-demo-full-'));
    const reports = await mkdtemp(join(tmpdir(), 'doppel-demo-report-'));
    folders.push(folder, reports);
    const report = join(reports, 'reports/demo.html');
    const run = await runCliForTest(['demo', '--out', folder, '--report', report]);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`Report written to ${report}`);
    expect(await readFile(report, 'utf8')).toBe(renderProfileReport(await loadProfile(folder)));
    const committed = join(REPO_ROOT, 'profiles/demo');
    const names = (await readdir(committed)).sort();
    expect((await readdir(folder)).sort()).toEqual(names);
    const withoutTime = (text: string) => text.replace(/^taken: .*$/m, '');
    for (const name of names)
      expect(withoutTime(await readFile(join(folder, name), 'utf8')), name).toBe(
        withoutTime(await readFile(join(committed, name), 'utf8')),
      );
  }, 120_000);
});

describe('npm start', () => {
  it('runs doppel demo, which writes the report to reports/demo.html by default', async () => {
    const packageJson = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    expect(packageJson.scripts.start).toBe('node bin/doppel.js demo');
    const help = await runCliForTest(['demo', '--help']);
    expect(help.stdout.replace(/\s+/g, ' ')).toContain(
      '--report <file> the profile\'s HTML report to write (default: "reports/demo.html")',
    );
    const ignored = await readFile(join(REPO_ROOT, '.gitignore'), 'utf8');
    expect(ignored.split('\n')).toContain('reports/');
  });
});
