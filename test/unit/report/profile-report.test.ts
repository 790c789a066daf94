/**
 * The report of a profile, read without a browser: one chart per field (nested ones too) holding one mark
 * per bin or kept value, every dataset in the relations diagram, nothing that could load anything, the same
 * bytes for the same profile, and hostile names and values shown as text, never as markup.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { renderProfileReport } from '../../../src/report/index.js';
import { loadProfile } from '../../../src/tasks/index.js';
import type { DatasetTask, Profile } from '../../../src/tasks/types.js';
import { expectedMarks, fieldsWithPaths, requiredBasis } from '../../helpers/report-oracle.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';
import { chartsOf, countMarks, sectionOf, unescapeHtml } from './report-page.js';

let demo: Profile;
let example: Profile;

beforeAll(async () => {
  demo = await loadProfile(`${REPO_ROOT}profiles/demo`);
  example = await loadProfile(`${REPO_ROOT}test/fixtures/profiles/example`);
});

function expectOneChartPerField(page: string, profile: Profile): void {
  for (const task of profile.datasets) {
    const charts = chartsOf(sectionOf(page, task.dataset.name));
    const fields = fieldsWithPaths(task);
    expect(
      charts.map((chart) => chart.field),
      task.dataset.name,
    ).toEqual(fields.map(({ path }) => path));
    fields.forEach(({ path, field }, index) => {
      const chart = charts[index]!;
      const basis = chart.attributes.basis ?? '';
      expect(basis, path).toBe(requiredBasis(field) ?? basis);
      expect(countMarks(chart.body), `${task.dataset.name}.${path} (${basis})`).toBe(
        expectedMarks(field, basis),
      );
      expect(chart.body).toContain(`aria-label="${path}: `);
    });
  }
}

describe('renderProfileReport', () => {
  it('draws one chart per demo field with a mark per bin or kept value', () => {
    const page = renderProfileReport(demo);
    expectOneChartPerField(page, demo);
    const bases = new Set(chartsOf(page).map((chart) => chart.attributes.basis));
    for (const basis of ['histogram', 'weights', 'boolean', 'quantiles', 'lengths', 'key presence'])
      expect(bases).toContain(basis);
  });

  it('draws every field of the example profile (documents, arrays, views, several sources)', () => {
    expectOneChartPerField(renderProfileReport(example), example);
  });

  it('names every dataset in the relations diagram and links it to its section', () => {
    const page = renderProfileReport(demo);
    const diagram = /<svg class="relations-diagram"[\s\S]*?<\/svg>/.exec(page)?.[0] ?? '';
    for (const task of demo.datasets) {
      expect(diagram).toContain(`<text class="name" x="18" y="`);
      expect(diagram).toContain(`>${task.dataset.name}</text>`);
    }
    expect(
      [...diagram.matchAll(/<g class="relation (declared|inferred)">/g)].map((match) => match[1]).sort(),
    ).toEqual(['declared', 'declared', 'declared', 'declared', 'declared', 'inferred']);
  });

  it('loads nothing: no script, no external address, a policy forbidding requests; same bytes each time', () => {
    const page = renderProfileReport(demo);
    expect(page.replace('http-equiv=', '')).not.toMatch(
      /<script|<link|<img|<iframe|\bsrc=|url\((?!#)|https?:/i,
    );
    expect(unescapeHtml(page)).toContain(
      `http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`,
    );
    expect(renderProfileReport(demo)).toBe(page);
  });

  it('shows hostile names and kept values as text', () => {
    const orders = demo.datasets.find((task) => task.dataset.name === 'public.orders')!;
    const hostile = '<img src=x onerror=alert(1)>';
    const status = orders.fields.find((field) => field.name === 'status')!;
    const changed: DatasetTask = {
      ...orders,
      fields: [
        { ...orders.fields[0]!, name: hostile },
        {
          ...status,
          generator: {
            kind: 'categorical',
            weights: { '</svg><script>alert(1)</script>': 0.5, '"quoted"': 0.5 },
          },
        },
      ],
    };
    const page = renderProfileReport({ ...demo, datasets: [changed] });
    expect(page).not.toMatch(/<script|<img/);
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&lt;/svg&gt;&lt;script&gt;');
    expect(chartsOf(page).map((chart) => chart.field)).toEqual([hostile, 'status']);
  });
});
