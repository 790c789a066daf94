/**
 * Two datasets' field trees side by side for a comparison: fields matched by path at every depth, the
 * expected order first, then fields only the actual side has.
 */
import type { FieldTask } from '../tasks/types.js';
import type { FieldNode } from './field-paths.js';

export interface FieldPair {
  readonly path: string;
  readonly expected?: FieldTask;
  readonly actual?: FieldTask;
  readonly children: readonly FieldPair[];
}

/** Pairs `expected` and `actual` nodes by path, recursively. */
export function pairFieldTrees(expected: readonly FieldNode[], actual: readonly FieldNode[]): FieldPair[] {
  const actualByPath = new Map(actual.map((node) => [node.path, node]));
  const expectedPaths = new Set(expected.map((node) => node.path));
  const pairs: FieldPair[] = expected.map((node) => {
    const other = actualByPath.get(node.path);
    return {
      path: node.path,
      expected: node.field,
      ...(other === undefined ? {} : { actual: other.field }),
      children: pairFieldTrees(node.children, other?.children ?? []),
    };
  });
  for (const node of actual)
    if (!expectedPaths.has(node.path))
      pairs.push({ path: node.path, actual: node.field, children: pairFieldTrees([], node.children) });
  return pairs;
}
