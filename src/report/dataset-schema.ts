/**
 * A dataset's schema facts as short lists: header (kind, rows, sampling), keys, checks, rules and indexes.
 * Check expressions, defaults and view definitions are schema text and are shown as the source wrote them.
 */
import type { DatasetTask, RuleTask } from '../tasks/types.js';
import { formatCount } from './format.js';
import { type Html, html } from './html.js';

/** One line under the dataset's title: kind, rows in the source, what sampling read. */
export function renderDatasetHeadline(task: DatasetTask): Html {
  const { dataset, sampling } = task;
  return html`<p class="headline">${dataset.kind} of <strong>${formatCount(dataset.rows)}</strong> rows · ${task.fields.length} fields · sampled ${formatCount(sampling.rows)} rows (${sampling.method}${sampling.truncated ? ', cut short by the time budget' : ''})${dataset.comment === undefined ? '' : html` · <em>${dataset.comment}</em>`}</p>`;
}

/** Keys, checks, rules and indexes; nothing when the dataset has none. */
export function renderDatasetSchema(task: DatasetTask): Html {
  const items: Html[] = [];
  if (task.keys.primary !== undefined)
    items.push(html`<li>primary key (${task.keys.primary.fields.join(', ')})</li>`);
  for (const unique of task.keys.unique)
    items.push(
      html`<li>unique (${unique.fields.join(', ')}) by ${unique.via}${unique.predicate === undefined ? '' : html` where <code>${unique.predicate}</code>`}</li>`,
    );
  for (const check of task.checks) items.push(html`<li>check <code>${check.expression}</code></li>`);
  for (const exclusion of task.exclusions ?? [])
    items.push(html`<li>exclusion <code>${exclusion.definition}</code></li>`);
  for (const rule of task.rules) items.push(html`<li>rule ${describeRule(rule)}</li>`);
  if (task.indexes.length > 0)
    items.push(
      html`<li>${task.indexes.length} indexes: ${task.indexes.map((index) => index.name).join(', ')}</li>`,
    );
  const definition =
    task.dataset.definition === undefined
      ? ''
      : html`<pre class="definition">${task.dataset.definition}</pre>`;
  return items.length === 0 && definition === ''
    ? html``
    : html`<ul class="schema">${items}</ul>${definition}`;
}

function describeRule(rule: RuleTask): Html {
  switch (rule.kind) {
    case 'ordered': {
      const gap = rule.gap;
      const bins = gap?.histogram ?? [];
      const range =
        gap === undefined || bins.length === 0
          ? ''
          : ` (measured gap ${bins[0]?.[0]} – ${bins.at(-1)?.[1]} ${gap.unit === 'number' ? '' : gap.unit}, ${bins.length} bins)`;
      return html`<code>${rule.fields[0]} ${rule.strict ? '<' : '<='} ${rule.fields[1]}</code>${range}`;
    }
    case 'depends':
      return html`<code>${rule.fields.join(', ')}</code> determines <code>${rule.determines}</code>`;
    case 'expression':
      return html`<code>${rule.expression}</code>`;
    case 'copies': {
      const pairs = Object.entries(rule.fields).map(([field, parent]) => `${field} = ${parent}`);
      return html`<code>${pairs.join(', ')}</code> copied through <code>${rule.relation.join(', ')}</code> for ${Math.round(rule.share * 100)}% of the rows`;
    }
    case 'after-parent':
      return html`<code>${rule.field}</code> ${rule.strict ? 'after' : 'at or after'} the parent's <code>${rule.parent_field}</code> through <code>${rule.relation.join(', ')}</code>`;
    case 'parent-determines': {
      const pairs = Object.keys(rule.pairs).length;
      return html`the parent's <code>${rule.field}</code> determines <code>${rule.determines}</code> through <code>${rule.relation.join(', ')}</code> for ${Math.round(rule.share * 100)}% of the rows (${pairs} measured pairs)`;
    }
  }
}
