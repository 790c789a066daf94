/**
 * Checking one task document, from text or from memory: YAML → migration → schema. Pure: the loader does the
 * reading, this module says what is wrong and where.
 */
import { completeTypeFacts } from './complete-type-facts.js';
import { migrateDocument } from './migrate.js';
import { ProblemList } from './problems.js';
import { checkAgainstSchema, type DocumentKind } from './schema-check.js';
import type { DatasetTask, Plan } from './types.js';
import { parseYamlSource } from './yaml-source.js';

export interface DocumentTypes {
  readonly plan: Plan;
  readonly dataset: DatasetTask;
}

/** A checked document: `value` is set only when the document is valid on its own. */
export interface CheckedDocument<K extends DocumentKind> {
  readonly value: DocumentTypes[K] | undefined;
  /** The parsed YAML value even when invalid (the loader reads what it can from a broken plan). */
  readonly raw: unknown;
  readonly problems: ProblemList;
}

/** Parses and checks the text of a plan or dataset file; never throws. */
export function checkDocumentText<K extends DocumentKind>(
  kind: K,
  text: string,
  file: string,
): CheckedDocument<K> {
  let checked: CheckedDocument<K> = { value: undefined, raw: undefined, problems: new ProblemList(file) };
  guardAgainstBugs(checked.problems, () => {
    const source = parseYamlSource(text, file);
    const value =
      source.problems.problems.length === 0
        ? checkDocumentValue(kind, source.value, source.problems)
        : undefined;
    checked = { value, raw: source.value, problems: source.problems };
  });
  return checked;
}

/**
 * Checks a parsed (or in-memory) document: version and migration, then the schema. Returns the document in
 * the current version when valid; problems go to `problems`.
 */
export function checkDocumentValue<K extends DocumentKind>(
  kind: K,
  value: unknown,
  problems: ProblemList,
): DocumentTypes[K] | undefined {
  const migrated = migrateDocument(value, problems.file, problems.locate);
  if (!migrated.ok) {
    problems.problems.push(...migrated.problems);
    return undefined;
  }
  if (!checkAgainstSchema(kind, migrated.document, problems)) return undefined;
  const document = migrated.document as unknown as DocumentTypes[K];
  // Files written before type facts existed get them derived once, here (see complete-type-facts.ts).
  return kind === 'dataset' ? (completeTypeFacts(document as DatasetTask) as DocumentTypes[K]) : document;
}

/**
 * Runs a check so that a bug in it becomes a visible problem instead of an exception escaping the loader:
 * the loader promises to throw nothing but its own error.
 */
export function guardAgainstBugs(problems: ProblemList, check: () => void): void {
  try {
    check();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    problems.add([], `internal error while checking this file (please report it): ${message}`);
  }
}
