/**
 * Reading one YAML task file while keeping positions: the parsed value, a locator that turns a document path
 * into a line and column, and the YAML-level problems (syntax errors, duplicate keys, alias bombs).
 */
import { isMap, isPair, isSeq, type Node } from 'yaml';
import { readYaml, scalarKeyText } from '../shared/yaml-reader.js';
import { type Anchor, type DocumentPath, type Locator, ProblemList } from './problems.js';

/** A parsed file: `value` is undefined when the YAML could not be read, and `problems` then says why. */
export interface YamlSource {
  readonly value: unknown;
  readonly locate: Locator;
  readonly problems: ProblemList;
}

/** Parses the text of `file`; YAML problems are placed in the result's problem list. Never throws. */
export function parseYamlSource(text: string, file: string): YamlSource {
  const yaml = readYaml(text);
  const locate: Locator = (path, anchor) => yaml.positionOf(findOffset(yaml.document.contents, path, anchor));
  const problems = new ProblemList(file, locate);
  for (const problem of yaml.problems) {
    const message = problem.code === 'syntax' ? `invalid YAML: ${problem.message}` : problem.message;
    problems.problems.push({ file, line: problem.line, column: problem.column, path: '', message });
  }
  if (problems.problems.length > 0) return { value: undefined, locate, problems };
  try {
    return { value: yaml.document.toJS({ maxAliasCount: 100 }), locate, problems };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problems.add([], `cannot be read as data: ${message}`);
    return { value: undefined, locate, problems };
  }
}

/** The source offset of the node at `path`: as deep as the path exists, the key itself for `anchor: 'key'`. */
function findOffset(root: unknown, path: DocumentPath, anchor: Anchor): number {
  let node: unknown = root;
  let offset = nodeStart(root) ?? 0;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && scalarKeyText(item.key) === String(segment));
      if (pair === undefined) return offset;
      if (last && anchor === 'key') return nodeStart(pair.key) ?? offset;
      node = pair.value;
      offset = nodeStart(pair.value) ?? nodeStart(pair.key) ?? offset;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
      if (node === undefined) return offset;
      offset = nodeStart(node) ?? offset;
    } else return offset;
  }
  return offset;
}

function nodeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range?.[0];
}
