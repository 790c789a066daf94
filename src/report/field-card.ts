/**
 * One field of a single profile: its header (path and badges), its chart and facts, and its nested fields
 * (document keys, array elements) as a tree below it.
 */

import { renderFieldChart } from './field-chart.js';
import { renderFieldBadges, renderFieldFacts } from './field-facts.js';
import type { FieldNode } from './field-paths.js';
import { anchorId, type Html, html } from './html.js';

/** The card of `node` and, nested inside it, the cards of its children. */
export function renderFieldCard(dataset: string, node: FieldNode): Html {
  const { path, field } = node;
  const children =
    node.children.length === 0
      ? ''
      : html`<div class="tree">${node.children.map((child) => renderFieldCard(dataset, child))}</div>`;
  return html`<article class="field" id="${anchorId('field', dataset, path)}"><header><h4>${path}</h4>${renderFieldBadges(field)}</header><div class="field-body">${renderFieldChart(path, field)}${renderFieldFacts(path, field)}</div>${children}</article>`;
}
