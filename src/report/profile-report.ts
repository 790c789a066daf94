/** The report of one profile: overview, semantics, warnings, relations, then every dataset and field. */
import type { Profile } from '../tasks/types.js';
import { renderDatasetSection } from './dataset-section.js';
import { anchorId } from './html.js';
import { renderDatasetTable, renderOverview, renderSemantics, renderWarnings } from './overview.js';
import { type NavEntry, renderPage } from './page.js';
import { listRelations, renderRelationsSection } from './relations-section.js';
import { listWarnings } from './warnings.js';

/** The HTML of `profile`'s report (pure: the same profile gives the same bytes). */
export function renderProfileReport(profile: Profile): string {
  const nodes = profile.datasets.map((task) => ({
    name: task.dataset.name,
    rows: task.dataset.rows,
    ...(task.keys.primary === undefined ? {} : { primaryKey: task.keys.primary.fields }),
  }));
  return renderPage({
    title: `doppel profile ${profile.plan.profile}`,
    subtitle: `${profile.datasets.length} datasets from ${profile.plan.sources.map((source) => source.name).join(', ')}, taken ${profile.plan.taken.at}. Only what the profile holds is shown: kept values, coarsened quantiles and histograms, patterns and lengths.`,
    nav: [...overviewNav(), ...datasetNav(profile)],
    sections: [
      renderOverview(profile),
      renderSemantics(profile),
      renderWarnings(listWarnings(profile)),
      renderRelationsSection(nodes, listRelations(profile)),
      renderDatasetTable(profile),
      ...profile.datasets.map(renderDatasetSection),
    ],
  });
}

/** Navigation entries of the sections every report starts with. */
export function overviewNav(): NavEntry[] {
  return [
    { href: '#overview', label: 'Overview' },
    { href: '#semantics', label: 'Semantic types' },
    { href: '#warnings', label: 'Warnings' },
    { href: '#relations', label: 'Relations' },
    { href: '#datasets', label: 'Datasets' },
  ];
}

/** One navigation entry per dataset, with its top-level fields. */
export function datasetNav(profile: Profile): NavEntry[] {
  return profile.datasets.map((task) => ({
    href: `#${anchorId('dataset', task.dataset.name)}`,
    label: task.dataset.name,
    children: task.fields.map((field) => ({
      href: `#${anchorId('field', task.dataset.name, field.name)}`,
      label: field.name,
    })),
  }));
}
