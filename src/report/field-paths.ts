/**
 * A dataset's fields as a tree walked in order: top-level fields, the child fields of documents
 * (`attributes.size`) and the element of arrays (`tags[]`), each with its dotted path and depth.
 */
import type { FieldTask } from '../tasks/types.js';

export interface FieldNode {
  /** Dotted path from the dataset: `total`, `attributes.size`, `tags[]`. */
  readonly path: string;
  readonly field: FieldTask;
  readonly children: readonly FieldNode[];
}

/** The tree of `fields`, children in their stored order. */
export function buildFieldTree(fields: readonly FieldTask[], prefix = ''): FieldNode[] {
  return fields.map((field) => nodeOf(field, prefix === '' ? field.name : `${prefix}.${field.name}`));
}

function nodeOf(field: FieldTask, path: string): FieldNode {
  const children = buildFieldTree(field.fields ?? [], path);
  if (field.element !== undefined) children.push(nodeOf(field.element, `${path}[]`));
  return { path, field, children };
}

/** Every node of the tree, parents before their children. */
export function flattenFieldTree(nodes: readonly FieldNode[]): FieldNode[] {
  return nodes.flatMap((node) => [node, ...flattenFieldTree(node.children)]);
}
