/**
 * The one YAML reader: YAML 1.2, duplicate keys refused, every problem placed at its line and column, and a
 * lookup from a document path to the line it is written on. Task files, the configuration file, profile
 * configurations and scenarios all read through it; each turns the problems into its own kind of error.
 */
import { type Document, isScalar, LineCounter, type Node, parseDocument } from 'yaml';

/** A problem with the YAML itself (syntax, duplicate key), at a 1-based line and column. */
export interface YamlProblem {
  readonly line: number;
  readonly column: number;
  readonly message: string;
  readonly code: 'duplicate-key' | 'syntax';
}

export interface YamlText {
  readonly document: Document.Parsed;
  /** Syntax errors (only the first: the rest are mostly echoes of it) and every duplicate key, in order. */
  readonly problems: readonly YamlProblem[];
  /** The 1-based line and column of a source offset. */
  positionOf(offset: number): { readonly line: number; readonly column: number };
  /** The line of the node at `path` (keys and sequence indexes), or undefined when nothing is there. */
  lineOf(path: readonly (string | number)[]): number | undefined;
  /** The line a node starts on, or undefined for a node without a position. */
  lineOfNode(node: unknown): number | undefined;
}

/** Parses `text`; never throws for bad YAML (see `problems`), only for input nested past the parser's stack. */
export function readYaml(text: string): YamlText {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, {
    lineCounter,
    uniqueKeys: true,
    prettyErrors: false,
    version: '1.2',
  });
  const positionOf = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const problems: YamlProblem[] = [];
  let syntaxReported = false;
  for (const error of document.errors) {
    const duplicate = error.code === 'DUPLICATE_KEY';
    if (!duplicate && syntaxReported) continue;
    syntaxReported ||= !duplicate;
    const offset = error.pos[0];
    const message = duplicate
      ? `duplicate key "${keyAt(text, offset)}" (each key may appear once in a mapping)`
      : firstSentence(error.message);
    problems.push({ ...positionOf(offset), message, code: duplicate ? 'duplicate-key' : 'syntax' });
  }
  const lineOfNode = (node: unknown): number | undefined => {
    const offset = (node as Node | null | undefined)?.range?.[0];
    return offset === undefined ? undefined : lineCounter.linePos(offset).line;
  };
  return {
    document,
    problems,
    positionOf,
    lineOf: (path) => lineOfNode(document.getIn(path, true)),
    lineOfNode,
  };
}

/** The text of a scalar key, or undefined for a complex key. */
export function scalarKeyText(key: unknown): string | undefined {
  return isScalar(key) ? String(key.value) : undefined;
}

/** The yaml package's messages end with a position and an excerpt; keep the sentence. */
function firstSentence(message: string): string {
  const first = message.split('\n')[0] ?? message;
  return first.replace(/ at line \d+, column \d+:?$/, '');
}

/** The key written at `offset` (a duplicate key's position), as it appears in the text. */
function keyAt(text: string, offset: number): string {
  const rest = text.slice(offset, offset + 200);
  const key = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^:\n]*)/.exec(rest)?.[1] ?? '';
  return key.trim().replace(/^["']|["']$/g, '');
}
