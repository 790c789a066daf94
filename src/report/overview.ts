/**
 * The first screen of a profile's report: where it came from (sources, when, sampling, privacy), how big it
 * is, which semantic types were found (personal data highlighted), the datasets, and the warnings.
 */
import { summarizeProfile } from '../profile/summary.js';
import type { Profile } from '../tasks/types.js';
import { buildFieldTree, flattenFieldTree } from './field-paths.js';
import { formatCount } from './format.js';
import { anchorId, type Html, html } from './html.js';
import type { ProfileWarning } from './warnings.js';

/** Sources, sampling, privacy and the headline numbers. */
export function renderOverview(profile: Profile): Html {
  const { plan } = profile;
  const summary = summarizeProfile(profile);
  const sampling = plan.sampling;
  const samplingText = `${sampling.method}${sampling.rows === undefined ? '' : `, up to ${formatCount(sampling.rows)} rows`}${sampling.seconds === undefined ? '' : ` or ${sampling.seconds} s`} per dataset, seed ${sampling.seed}`;
  return html`<section id="overview"><h2>Overview</h2><div class="numbers-row">${[
    ['datasets', summary.datasets],
    ['rows in the sources', profile.datasets.reduce((sum, task) => sum + task.dataset.rows, 0)],
    ['rows sampled', summary.rows],
    ['fields', summary.fields],
    ['personal fields', summary.personal],
    ['relations', summary.relations.declared + summary.relations.inferred],
  ].map(
    ([name, value]) =>
      html`<div class="stat"><strong>${formatCount(Number(value))}</strong><span>${name}</span></div>`,
  )}</div><dl class="facts wide"><div class="fact"><dt>sources</dt><dd>${plan.sources.map((source) => html`<span class="badge">${source.name} · ${source.kind}${source.version === undefined ? '' : ` ${source.version}`}</span>`)}</dd></div><div class="fact"><dt>taken</dt><dd>${plan.taken.at} by ${plan.taken.by}</dd></div><div class="fact"><dt>sampling</dt><dd>${samplingText}</dd></div><div class="fact"><dt>privacy</dt><dd>values kept only when seen at least ${plan.privacy.k} times, numbers to ${plan.privacy.digits} significant digits${plan.privacy.overrides.length === 0 ? '' : html`; overrides: ${plan.privacy.overrides.map((override) => html`<code>${override.match}</code> ${override.personal ? 'personal' : 'not personal'} `)}`}</dd></div></dl></section>`;
}

/** The semantic types found, each with its fields; personal ones first and highlighted. */
export function renderSemantics(profile: Profile): Html {
  const found = new Map<string, { personal: boolean; fields: string[] }>();
  for (const task of profile.datasets)
    for (const { path, field } of flattenFieldTree(buildFieldTree(task.fields))) {
      const semantic = field.semantic;
      if (semantic === undefined) continue;
      const entry = found.get(semantic.type) ?? { personal: false, fields: [] };
      entry.personal ||= semantic.personal;
      entry.fields.push(`${task.dataset.name}.${path}`);
      found.set(semantic.type, entry);
    }
  const sorted = [...found].sort(
    ([a, left], [b, right]) => Number(right.personal) - Number(left.personal) || (a < b ? -1 : 1),
  );
  const items = sorted.map(
    ([type, entry]) =>
      html`<li class="${entry.personal ? 'personal' : ''}"><span class="badge semantic${entry.personal ? ' personal' : ''}">${type}${entry.personal ? ' · personal' : ''}</span> ${entry.fields.join(', ')}</li>`,
  );
  return html`<section id="semantics"><h2>Semantic types</h2>${items.length === 0 ? html`<p>None found.</p>` : html`<p class="note">Personal fields keep only type, pattern shape, length and null statistics; the generator makes their values up.</p><ul class="semantics">${items}</ul>`}</section>`;
}

/** The datasets as a table linking to their sections. */
export function renderDatasetTable(profile: Profile): Html {
  const enabled = new Map(profile.plan.datasets.map((entry) => [entry.name, entry.enabled]));
  const rows = profile.datasets.map((task) => {
    const personal = flattenFieldTree(buildFieldTree(task.fields)).filter(
      ({ field }) => field.semantic?.personal,
    ).length;
    return html`<tr><td><a href="#${anchorId('dataset', task.dataset.name)}">${task.dataset.name}</a></td><td>${task.dataset.source}</td><td>${task.dataset.kind}</td><td class="number">${formatCount(task.dataset.rows)}</td><td class="number">${formatCount(task.sampling.rows)}</td><td class="number">${task.fields.length}</td><td class="number">${personal}</td><td>${enabled.get(task.dataset.name) === false ? 'off' : 'on'}</td></tr>`;
  });
  return html`<section id="datasets"><h2>Datasets</h2><table><thead><tr><th>dataset</th><th>source</th><th>kind</th><th>rows</th><th>sampled</th><th>fields</th><th>personal</th><th>generated</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

/** The warnings, grouped by kind. */
export function renderWarnings(warnings: readonly ProfileWarning[]): Html {
  if (warnings.length === 0) return html`<section id="warnings"><h2>Warnings</h2><p>None.</p></section>`;
  const items = warnings.map(
    (warning) =>
      html`<li class="warning ${warning.kind}"><a href="#${anchorId(warning.field === undefined ? 'dataset' : 'field', warning.dataset, ...(warning.field === undefined ? [] : [warning.field]))}">${warning.dataset}${warning.field === undefined ? '' : `.${warning.field}`}</a>: ${warning.message}</li>`,
  );
  return html`<section id="warnings"><h2>Warnings (${warnings.length})</h2><ul class="warnings">${items}</ul></section>`;
}
