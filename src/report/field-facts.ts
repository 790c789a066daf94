/**
 * The facts of one field beside its chart: type, keys, semantics, what was measured (null share, distinct
 * estimate, quantiles, length distribution, pattern with coverage) and the generator recipe. Only what the
 * task file holds, as it holds it.
 */
import type { FieldStats, FieldTask } from '../tasks/types.js';
import { formatCount, formatNumber, formatShare } from './format.js';
import { type Html, html } from './html.js';
import { describeRecipe } from './recipe-text.js';
import { renderLengthStrip } from './svg/length-strip.js';

const TAIL_NOTE = 'the p0.1 / p99.9 tail quantile, never the true extreme';
const QUANTILE_ORDER = ['min', 'p5', 'p25', 'p50', 'p75', 'p95', 'max'] as const;

/** Badges for the field's header: logical type, keys, nullability, semantic type (personal ones marked). */
export function renderFieldBadges(field: FieldTask): Html {
  const semantic = field.semantic;
  return html`<span class="badge type" title="${field.type.native}">${field.type.logical}</span>${(field.key ?? []).map((key) => html`<span class="badge key">${key} key</span>`)}${field.nullable ? '' : html`<span class="badge">not null</span>`}${
    semantic === undefined
      ? ''
      : html`<span class="badge semantic${semantic.personal ? ' personal' : ''}" title="${semantic.personal ? 'personal data: only shape, length and null statistics are kept' : ''}">${semantic.type}${semantic.personal ? ' · personal' : ''}${semantic.overridden ? ' · overridden' : ''}</span>`
  }${field.generator.edited ? html`<span class="badge edited">recipe edited</span>` : ''}`;
}

/** The definition list of a field's facts. */
export function renderFieldFacts(path: string, field: FieldTask): Html {
  const stats = field.stats;
  const rows: Html[] = [fact('type', html`<code>${field.type.native}</code>${labelsOf(field)}`)];
  if (stats !== undefined) rows.push(...measuredFacts(path, stats));
  if (field.default !== undefined) rows.push(fact('default', html`<code>${field.default}</code>`));
  if (field.generated !== undefined) rows.push(fact('generated', html`<code>${field.generated}</code>`));
  if (field.identity !== undefined) rows.push(fact('identity', field.identity));
  if (field.comment !== undefined) rows.push(fact('comment', field.comment));
  rows.push(fact('recipe', html`<code>${describeRecipe(field.generator)}</code>`));
  return html`<dl class="facts">${rows}</dl>`;
}

function measuredFacts(path: string, stats: FieldStats): Html[] {
  const rows: Html[] = [
    fact('values', `${formatCount(stats.count)} read`),
    fact('nulls', formatShare(stats.nulls), stats.nulls >= 0.5 ? 'warn' : undefined),
  ];
  if (stats.empty !== undefined && stats.empty > 0) rows.push(fact('empty', formatShare(stats.empty)));
  if (stats.distinct !== undefined)
    rows.push(fact('distinct', `≈ ${formatCount(stats.distinct)}${stats.unique ? ' (unique)' : ''}`));
  const quantiles = quantileCells(stats);
  if (quantiles.length > 0)
    rows.push(
      fact(
        'quantiles',
        html`<table class="quantiles"><tr>${quantiles.map(([name]) => html`<th title="${name === 'min' || name === 'max' ? TAIL_NOTE : ''}">${name}</th>`)}</tr><tr>${quantiles.map(([, value]) => html`<td>${value}</td>`)}</tr></table>`,
      ),
    );
  if (stats.mean !== undefined)
    rows.push(
      fact(
        'mean',
        `${formatNumber(stats.mean)}${stats.stddev === undefined ? '' : ` ± ${formatNumber(stats.stddev)}`}`,
      ),
    );
  if (stats.length !== undefined)
    rows.push(
      fact(
        'length',
        html`${renderLengthStrip(stats.length, path)}<span class="numbers">p5 ${stats.length.p5 ?? '?'} · p50 ${stats.length.p50} · p95 ${stats.length.p95 ?? '?'}</span>`,
      ),
    );
  if (stats.pattern !== undefined)
    rows.push(
      fact(
        'pattern',
        html`<code>${stats.pattern.regex}</code> covers ${formatShare(stats.pattern.coverage)}`,
        stats.pattern.coverage < 0.9 ? 'warn' : undefined,
      ),
    );
  if (stats.classes !== undefined && stats.classes.length > 0)
    rows.push(fact('characters', stats.classes.join(', ')));
  if (stats.decimals !== undefined)
    rows.push(fact('digits', `precision ${stats.decimals.precision}, scale ${stats.decimals.scale}`));
  if (stats.monotonic) rows.push(fact('order', 'rising with the row order'));
  if (stats.presence !== undefined) rows.push(fact('present in', formatShare(stats.presence)));
  return rows;
}

function quantileCells(stats: FieldStats): [string, string][] {
  const cells: [string, string][] = [];
  for (const name of QUANTILE_ORDER) {
    const value = name === 'min' ? stats.min : name === 'max' ? stats.max : stats.quantiles?.[name];
    if (value !== undefined) cells.push([name, typeof value === 'number' ? formatNumber(value) : value]);
  }
  return cells;
}

function labelsOf(field: FieldTask): Html | string {
  const labels = field.type.labels;
  return labels === undefined || labels.length === 0
    ? ''
    : html` <span class="labels">${labels.join(' | ')}</span>`;
}

function fact(name: string, value: Html | string, className?: string): Html {
  return html`<div class="fact${className === undefined ? '' : ` ${className}`}"><dt>${name}</dt><dd>${value}</dd></div>`;
}
