/**
 * The relations of a profile (dataset files and the plan's cross-source relations): the diagram, then a
 * table with both ends, declared or inferred, and the measured children per parent.
 */
import type { Profile, RelationTask } from '../tasks/types.js';
import { formatShare } from './format.js';
import { type Html, html } from './html.js';
import { type DiagramEdge, type DiagramNode, renderRelationsDiagram } from './relations-diagram.js';

export interface ListedRelation {
  /** The child dataset (where the referencing fields are). */
  readonly child: string;
  readonly relation: RelationTask;
}

/** Every relation of a profile with its child dataset, dataset files first, then the plan's. */
export function listRelations(profile: Profile): ListedRelation[] {
  return [
    ...profile.datasets.flatMap((task) =>
      task.relations.map((relation) => ({ child: relation.from.dataset || task.dataset.name, relation })),
    ),
    ...profile.plan.relations.map((relation) => ({ child: relation.from.dataset, relation })),
  ];
}

/** Children per parent in a few words: `3 per parent (p95 9)`. */
export function describeCardinality(relation: RelationTask): string {
  const cardinality = relation.cardinality;
  return cardinality === undefined ? '' : `${cardinality.p50} per parent (p95 ${cardinality.p95})`;
}

/** Diagram edges for listed relations. */
export function diagramEdges(relations: readonly ListedRelation[]): DiagramEdge[] {
  return relations.map(({ child, relation }) => ({
    from: child,
    fromFields: relation.from.fields,
    to: relation.to.dataset,
    toFields: relation.to.fields,
    declared: relation.declared,
    detail: describeCardinality(relation),
  }));
}

/** The relations section: diagram over `nodes`, then the table of `relations`. */
export function renderRelationsSection(
  nodes: readonly DiagramNode[],
  relations: readonly ListedRelation[],
): Html {
  const rows = relations.map(({ child, relation }) => {
    const cardinality = relation.cardinality;
    return html`<tr><td>${child}(${relation.from.fields.join(', ')})</td><td>${relation.to.dataset}(${relation.to.fields.join(', ')})</td><td>${relation.declared ? 'declared' : html`<span class="inferred">inferred${relation.confidence === undefined ? '' : `, confidence ${formatShare(relation.confidence)}`}</span>`}</td><td>${cardinality === undefined ? '–' : formatShare(cardinality.childless)}</td><td>${cardinality === undefined ? '–' : formatShare(cardinality.null_share)}</td><td>${cardinality === undefined ? '–' : `${cardinality.p50} / ${cardinality.p95} / ${cardinality.max}`}</td></tr>`;
  });
  const table =
    relations.length === 0
      ? html`<p>No relations.</p>`
      : html`<table class="relations"><thead><tr><th>child</th><th>parent</th><th>kind</th><th>parents without children</th><th>null references</th><th>children per parent p50 / p95 / max</th></tr></thead><tbody>${rows}</tbody></table>`;
  return html`<section id="relations"><h2>Relations</h2><p class="legend"><span class="declared-line"></span> declared foreign key <span class="inferred-line"></span> inferred from the data</p><div class="diagram">${renderRelationsDiagram(nodes, diagramEdges(relations))}</div>${table}</section>`;
}
