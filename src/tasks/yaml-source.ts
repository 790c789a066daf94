/**
 * Reading one YAML task file while keeping positions: the parsed value, a locator that turns a document path
 * into a line and column, and the YAML-level problems (syntax errors, duplicate keys, alias bombs).
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { type Anchor, type DocumentPath, type Locator, ProblemList } from './problems.js';

/** A parsed file: `value` is undefined when the YAML could not be read, and `problems` then says why. */
export interface YamlSource {
  readonly value: unknown;
  readonly locate: Locator;
  readonly problems: ProblemList;
}

/** Parses the text of `file`; YAML problems are placed in the result's problem list. Never throws. */
export function parseYamlSource(text: string, file: string): YamlSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    version: '1.2',
  });
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const locate: Locator = (path, anchor) => position(findOffset(document.contents, path, anchor));
  const problems = new ProblemList(file, locate);
  // After the first syntax error the rest are mostly echoes of it: report that one, and every duplicate key.
  let syntaxReported = false;
  for (const error of document.errors) {
    const duplicate = error.code === 'DUPLICATE_KEY';
    if (!duplicate && syntaxReported) continue;
    syntaxReported ||= !duplicate;
    const offset = error.pos[0];
    const { line, column } = position(offset);
    const message = duplicate
      ? `duplicate key "${keyAt(text, offset)}" (each key may appear once in a mapping)`
      : `invalid YAML: ${firstLine(error.message)}`;
    problems.problems.push({ file, line, column, path: '', message });
  }
  if (problems.problems.length > 0) return { value: undefined, locate, problems };
  try {
    return { value: document.toJS({ maxAliasCount: 100 }), locate, problems };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problems.add([], `cannot be read as data: ${message}`);
    return { value: undefined, locate, problems };
  }
}

/** The yaml package's messages end with a position and an excerpt; keep the sentence. */
function firstLine(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/** The key written at `offset` (a duplicate key's position), as it appears in the text. */
function keyAt(text: string, offset: number): string {
  const rest = text.slice(offset, offset + 200);
  const key = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:\n]*)/.exec(rest)?.[1] ?? '';
  return key.trim().replace(/^["']|["']$/g, '');
}

/** The source offset of the node at `path`: as deep as the path exists, the key itself for `anchor: 'key'`. */
function findOffset(root: unknown, path: DocumentPath, anchor: Anchor): number {
  let node: unknown = root;
  let offset = nodeStart(root) ?? 0;
  for (const [index, segment] of path.entries()) {
    const last = index === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && keyText(item.key) === String(segment));
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

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return undefined;
}

function nodeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range?.[0];
}
