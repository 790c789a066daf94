/**
 * Problems found in task files, and the one error that carries them all. Every check in this folder reports
 * a {@link Problem} (file, line, column, path, message); the loader collects them and throws one
 * {@link ProfileError}, so that a person sees everything wrong with a profile at once.
 */
import { DoppelError } from '../shared/errors.js';

/** One thing wrong in a task file. `line`/`column` are 1-based; 0 when the problem has no place in a file. */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Where in the document, e.g. `fields[3].generator.kind`; empty for the document as a whole. */
  readonly path: string;
  readonly message: string;
}

/** A path into a parsed document: object keys and array indexes. */
export type DocumentPath = readonly (string | number)[];

/** Where a problem points: the value at the path, or (for an unknown key) the key itself. */
export type Anchor = 'value' | 'key';

/** Turns a document path into a line and column; supplied by the loader, which knows the YAML source. */
export type Locator = (
  path: DocumentPath,
  anchor: Anchor,
) => { readonly line: number; readonly column: number };

/** A locator for documents that have no source text (a profile built in memory). */
export const NO_POSITION: Locator = () => ({ line: 0, column: 0 });

/** Collects problems for one file, placing each with the file's locator. */
export class ProblemList {
  readonly problems: Problem[] = [];

  constructor(
    readonly file: string,
    readonly locate: Locator = NO_POSITION,
  ) {}

  /** Records a problem at `path`. */
  add(path: DocumentPath, message: string, anchor: Anchor = 'value'): void {
    const { line, column } = this.locate(path, anchor);
    this.problems.push({ file: this.file, line, column, path: formatPath(path), message });
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** Renders a document path the way a person reads it: `fields[3].generator.weights["a b"]`. */
export function formatPath(path: DocumentPath): string {
  let text = '';
  for (const segment of path) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else if (IDENTIFIER.test(segment)) text += text === '' ? segment : `.${segment}`;
    else text += `[${JSON.stringify(segment)}]`;
  }
  return text;
}

/** One problem as one line: `profiles/shop/orders.yaml:14:7 fields[3].generator.kind: must be one of ...`. */
export function formatProblem(problem: Problem): string {
  const place = problem.line > 0 ? `${problem.file}:${problem.line}:${problem.column}` : problem.file;
  return problem.path === ''
    ? `${place}: ${problem.message}`
    : `${place} ${problem.path}: ${problem.message}`;
}

/** Orders problems by file (in the given file order), then line, then column, and drops exact repeats. */
export function sortProblems(problems: readonly Problem[], fileOrder: readonly string[] = []): Problem[] {
  const rank = new Map(fileOrder.map((file, index) => [file, index]));
  const seen = new Set<string>();
  const unique = problems.filter((problem) => {
    const key = formatProblem(problem);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(
    (a, b) =>
      (rank.get(a.file) ?? fileOrder.length) - (rank.get(b.file) ?? fileOrder.length) ||
      (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
      a.line - b.line ||
      a.column - b.column,
  );
}

/** A profile (or one of its files) is invalid; `problems` lists everything found, in file and line order. */
export class ProfileError extends DoppelError {
  readonly problems: readonly Problem[];

  /** `subject` names what was checked (a profile folder or a file) in the one-line message. */
  constructor(problems: readonly Problem[], subject = 'The profile') {
    const first = problems[0];
    const summary =
      problems.length === 1 && first !== undefined
        ? formatProblem(first)
        : `${subject} has ${problems.length} problems.`;
    super('invalidInput', summary, { details: problems.length === 1 ? [] : problems.map(formatProblem) });
    this.name = 'ProfileError';
    this.problems = problems;
  }
}
