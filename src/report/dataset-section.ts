/** One dataset of a single profile: headline, schema facts, then every field as a card (nested ones as a tree). */
import type { DatasetTask } from '../tasks/types.js';
import { renderDatasetHeadline, renderDatasetSchema } from './dataset-schema.js';
import { renderFieldCard } from './field-card.js';
import { buildFieldTree } from './field-paths.js';
import { anchorId, type Html, html } from './html.js';

/** The section of `task`, linked from the overview and the relations diagram. */
export function renderDatasetSection(task: DatasetTask): Html {
  const name = task.dataset.name;
  return html`<section class="dataset" id="${anchorId('dataset', name)}" data-dataset="${name}"><h3>${name}</h3>${renderDatasetHeadline(task)}${renderDatasetSchema(task)}${buildFieldTree(task.fields).map((node) => renderFieldCard(name, node))}</section>`;
}
