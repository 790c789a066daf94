/**
 * The HTML reports in a real browser (Debian's Chromium through playwright-core): the demo profile's report,
 * the demo against a re-profile of data generated from it (`doppel report --against`), a validation of that
 * data (`doppel validate --report`) and the HTTP service's `GET /profiles/demo/report`. Each opens with no
 * console error and no request beyond itself; each demo field has one chart labelled with its name holding a
 * mark per bin or kept value (per side in a comparison); the relations diagram names every dataset. Screenshots
 * go to test-output/report/ (ignored by git).
 */
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { type RunningServer, startServer } from '../../../src/api/server.js';
import { EXIT } from '../../../src/shared/errors.js';
import { loadProfile } from '../../../src/tasks/index.js';
import type { Profile } from '../../../src/tasks/types.js';
import { launchTestBrowser, type OpenedPage, type TestBrowser } from '../../helpers/browser.js';
import { expectedMarks, fieldsWithPaths, requiredBasis } from '../../helpers/report-oracle.js';
import { REPO_ROOT, runCliForTest } from '../../helpers/run-cli.js';
import { createTestDatabase, type TestDatabase } from '../../helpers/test-database.js';
import { type ChartInPage, readCharts, readDiagramNames } from './read-report.js';

const DEMO = join(REPO_ROOT, 'profiles/demo');
const OUTPUT = join(REPO_ROOT, 'test-output/report');

let browser: TestBrowser;
let database: TestDatabase;
let work: string;
let demo: Profile;
let generated: Profile;
const generatedDir = () => join(work, 'generated');

beforeAll(async () => {
  mkdirSync(OUTPUT, { recursive: true });
  work = mkdtempSync(join(tmpdir(), 'doppel-report-browser-'));
  demo = await loadProfile(DEMO);
  browser = await launchTestBrowser();
  database = await createTestDatabase('postgres');
  const state = { DOPPEL_STATE_DIR: join(work, 'state') };
  const generate = await runCliForTest(
    ['generate', DEMO, '--target', database.url, '--create-schema', '--scale', '0.2', '--seed', '7'],
    state,
  );
  expect(generate.code, generate.stderr).toBe(EXIT.ok);
  const profile = await runCliForTest([
    'profile',
    database.url,
    '--out',
    generatedDir(),
    '--include',
    'public.*',
  ]);
  expect(profile.code, profile.stderr).toBe(EXIT.ok);
  generated = await loadProfile(generatedDir());
}, 300_000);

afterAll(async () => {
  await browser?.close();
  await database?.drop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** No console error, no request but the page itself, and a screenshot of the whole page. */
async function expectCleanPage(opened: OpenedPage, url: string, screenshot: string): Promise<void> {
  expect(opened.errors).toEqual([]);
  expect(opened.requests).toEqual([url]);
  await opened.page.screenshot({ path: join(OUTPUT, screenshot), fullPage: true });
}

async function expectDiagramNamesAll(opened: OpenedPage, names: readonly string[]): Promise<void> {
  const shown = await readDiagramNames(opened.page);
  for (const name of names) expect(shown, name).toContain(name);
}

/** One chart per field of `profile`, in order, named by the field and drawn with a size. */
function chartsByField(charts: Record<string, ChartInPage[]>, dataset: string, profile: Profile) {
  const task = profile.datasets.find((entry) => entry.dataset.name === dataset)!;
  const fields = fieldsWithPaths(task);
  const found = new Map((charts[dataset] ?? []).map((chart) => [chart.field, chart]));
  return fields.map(({ path, field }) => {
    const chart = found.get(path);
    expect(chart, `${dataset}.${path} has a chart`).toBeDefined();
    expect(chart!.caption).toBe(path);
    expect(chart!.label.startsWith(`${path}: `), chart!.label).toBe(true);
    expect(chart!.size[0], path).toBeGreaterThan(100);
    expect(chart!.size[1], path).toBeGreaterThan(10);
    return { path, field, chart: chart! };
  });
}

function expectComparedMarks(charts: Record<string, ChartInPage[]>): void {
  for (const task of demo.datasets) {
    const actualFields = new Map(
      fieldsWithPaths(generated.datasets.find((entry) => entry.dataset.name === task.dataset.name)!).map(
        ({ path, field }) => [path, field],
      ),
    );
    expect(charts[task.dataset.name]?.length).toBe(fieldsWithPaths(task).length);
    for (const { path, field, chart } of chartsByField(charts, task.dataset.name, demo)) {
      const actual = actualFields.get(path)!;
      const where = `${task.dataset.name}.${path}`;
      expect(chart.marks.expected, where).toBe(expectedMarks(field, chart.basis.basisExpected ?? ''));
      expect(chart.marks.actual, where).toBe(expectedMarks(actual, chart.basis.basisActual ?? ''));
      expect(chart.marks.expected + chart.marks.actual, where).toBe(chart.marks.all);
    }
  }
}

describe('HTML reports in Chromium', () => {
  it("renders the demo profile's report: one labelled chart per field, a mark per bin or kept value", async () => {
    const out = join(OUTPUT, 'demo.html');
    const run = await runCliForTest(['report', DEMO, '--out', out]);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(run.stdout).toContain(`Report written to ${out}`);
    const url = pathToFileURL(out).href;
    const opened = await browser.open(url);
    const charts = await readCharts(opened.page);
    expect(Object.keys(charts)).toEqual(demo.datasets.map((task) => task.dataset.name));
    for (const task of demo.datasets) {
      expect(charts[task.dataset.name]?.length).toBe(fieldsWithPaths(task).length);
      for (const { path, field, chart } of chartsByField(charts, task.dataset.name, demo)) {
        const basis = chart.basis.basis ?? '';
        expect(basis, path).toBe(requiredBasis(field) ?? basis);
        expect(chart.marks.all, `${task.dataset.name}.${path} (${basis})`).toBe(expectedMarks(field, basis));
      }
    }
    await expectDiagramNamesAll(
      opened,
      demo.datasets.map((task) => task.dataset.name),
    );
    await expectCleanPage(opened, url, 'demo.png');
  });

  it('renders the demo against a re-profile of its generated data, both sides in each chart', async () => {
    const out = join(OUTPUT, 'compare.html');
    const run = await runCliForTest(['--json', 'report', DEMO, '--against', generatedDir(), '--out', out]);
    expect(run.code, run.stderr).toBe(EXIT.ok);
    expect(JSON.parse(run.stdout)).toMatchObject({ out, profile: 'demo', against: generatedDir() });
    const url = pathToFileURL(out).href;
    const opened = await browser.open(url);
    expectComparedMarks(await readCharts(opened.page));
    const metrics = await opened.page.$$eval(
      'figure.field-chart figcaption .badge.ok, figure.field-chart figcaption .badge.fail',
      (badges) => badges.length,
    );
    expect(metrics).toBeGreaterThan(demo.datasets.length);
    await expectDiagramNamesAll(
      opened,
      demo.datasets.map((task) => task.dataset.name),
    );
    await expectCleanPage(opened, url, 'compare.png');
  });

  it('renders a validation run with its hard checks (validate --report)', async () => {
    const out = join(OUTPUT, 'validate.html');
    const run = await runCliForTest(['validate', DEMO, '--source', database.url, '--report', out]);
    expect([EXIT.ok, EXIT.checkFailed], run.stderr).toContain(run.code);
    expect(run.stderr).toContain(`Report written to ${out}`);
    const url = pathToFileURL(out).href;
    const opened = await browser.open(url);
    expectComparedMarks(await readCharts(opened.page));
    const checks = await opened.page.$$eval('#checks tbody tr', (rows) =>
      rows.map((row) => row.textContent ?? ''),
    );
    expect(checks.length).toBeGreaterThan(demo.datasets.length);
    expect(checks.some((row) => row.includes('primary-key'))).toBe(true);
    await expectDiagramNamesAll(
      opened,
      demo.datasets.map((task) => task.dataset.name),
    );
    await expectCleanPage(opened, url, 'validate.png');
  });

  it('renders GET /profiles/demo/report from the HTTP service', async () => {
    const root = join(work, 'profiles');
    mkdirSync(root);
    // A copy: a symbolic link leading out of the profiles root is refused.
    cpSync(DEMO, join(root, 'demo'), { recursive: true });
    const server: RunningServer = await startServer(createApp({ profilesRoot: root }), {
      port: 0,
      host: '127.0.0.1',
    });
    try {
      const url = `${server.url}/profiles/demo/report`;
      const opened = await browser.open(url);
      const charts = await readCharts(opened.page);
      for (const task of demo.datasets) chartsByField(charts, task.dataset.name, demo);
      await expectDiagramNamesAll(
        opened,
        demo.datasets.map((task) => task.dataset.name),
      );
      await expectCleanPage(opened, url, 'http.png');
    } finally {
      await server.close();
    }
  });
});
