/**
 * Scenario overrides: a small YAML file layered on a profile without editing it: row counts, fixed values,
 * different categorical weights, extra nulls, edge-case shares, or a whole replacement recipe per field.
 *
 * ```yaml
 * version: 1
 * datasets:
 *   public.orders:
 *     rows: 5000
 *     fields:
 *       status: { weights: { cancelled: 0.5, paid: 0.5 } }
 *       note: { nulls: 0.9, edge_cases: 0.2 }
 *       currency: { value: EUR }
 * ```
 * Errors name the file and line.
 */
import { readFile } from 'node:fs/promises';
import { isMap } from 'yaml';
import { type NamedDataset, resolveDatasetName } from '../../catalog/dataset-names.js';
import { DoppelError } from '../../shared/errors.js';
import { LIMITS, nestingDepth } from '../../shared/limits.js';
import { readYaml, type YamlText } from '../../shared/yaml-reader.js';
import {
  type FieldTask,
  GENERATOR_KINDS,
  type GeneratorRecipe,
  type JsonValue,
  type Profile,
} from '../../tasks/types.js';

export interface FieldOverride {
  /** A fixed value for every row. */
  readonly value?: JsonValue;
  /** New categorical weights (the field becomes categorical). */
  readonly weights?: Readonly<Record<string, number>>;
  /** Null share (the field becomes nullable for generation). */
  readonly nulls?: number;
  /** Edge-value share for this field. */
  readonly edge_cases?: number;
  /** A whole replacement recipe. */
  readonly generator?: GeneratorRecipe;
}

export interface DatasetOverride {
  readonly rows?: number;
  readonly fields?: Readonly<Record<string, FieldOverride>>;
}

export interface Scenario {
  readonly version: 1;
  /** Where it came from, for messages. */
  readonly file?: string;
  readonly datasets: Readonly<Record<string, DatasetOverride>>;
}

/** What a scenario contributes to a run. */
export interface LayeredProfile {
  readonly profile: Profile;
  readonly rows: Readonly<Record<string, number>>;
  readonly edgeCaseFields: Readonly<Record<string, Readonly<Record<string, number>>>>;
}

const FIELD_KEYS = new Set(['value', 'weights', 'nulls', 'edge_cases', 'generator']);

function fail(file: string, line: number | undefined, message: string): never {
  throw new DoppelError('invalidInput', `${file}${line === undefined ? '' : `:${line}`}: ${message}`);
}

/** Parses and validates scenario text; `file` names it in errors. */
export function parseScenario(text: string, file = 'scenario'): Scenario {
  let yaml: YamlText;
  let raw: unknown;
  try {
    yaml = readYaml(text);
    raw = yaml.problems.length > 0 ? undefined : (yaml.document.toJS() as unknown);
  } catch (error) {
    // The YAML parser recurses per level: a hostile file nested thousands deep overflows its stack.
    if (error instanceof RangeError) fail(file, undefined, `it nests deeper than ${LIMITS.depth} levels.`);
    throw error;
  }
  const [problem] = yaml.problems;
  if (problem !== undefined) {
    if (problem.message.includes('Maximum call stack'))
      fail(file, undefined, `it nests deeper than ${LIMITS.depth} levels.`);
    if (problem.code === 'duplicate-key') fail(file, problem.line, `${problem.message}.`);
    fail(file, problem.line, `the YAML is not valid (${problem.message}).`);
  }
  const document = yaml.document;
  const lineOf = yaml.lineOf;
  if (nestingDepth(raw) > LIMITS.depth) fail(file, undefined, `it nests deeper than ${LIMITS.depth} levels.`);
  if (!raw || typeof raw !== 'object' || Array.isArray(raw) || !isMap(document.contents))
    fail(file, 1, 'a scenario must be a mapping with `version: 1` and `datasets:`.');
  const root = raw as Record<string, unknown>;
  if (root.version !== 1) fail(file, lineOf(['version']) ?? 1, '`version` must be 1.');
  for (const key of Object.keys(root))
    if (key !== 'version' && key !== 'datasets')
      fail(file, lineOf([key]), `unknown key "${key}" (expected version, datasets).`);
  const datasets = root.datasets ?? {};
  if (typeof datasets !== 'object' || Array.isArray(datasets) || datasets === null)
    fail(file, lineOf(['datasets']), '`datasets` must be a mapping of dataset names.');
  for (const [name, entry] of Object.entries(datasets as Record<string, unknown>)) {
    const at = (...path: (string | number)[]) => lineOf(['datasets', name, ...path]);
    if (!entry || typeof entry !== 'object' || Array.isArray(entry))
      fail(file, at(), `datasets.${name} must be a mapping (rows, fields).`);
    const dataset = entry as Record<string, unknown>;
    for (const key of Object.keys(dataset))
      if (key !== 'rows' && key !== 'fields')
        fail(file, at(key), `datasets.${name}: unknown key "${key}" (expected rows, fields).`);
    if (
      dataset.rows !== undefined &&
      !(
        Number.isInteger(dataset.rows) &&
        (dataset.rows as number) >= 0 &&
        (dataset.rows as number) <= LIMITS.rowsPerDataset
      )
    )
      fail(
        file,
        at('rows'),
        `datasets.${name}.rows must be a whole number from 0 to ${LIMITS.rowsPerDataset}.`,
      );
    const fields = dataset.fields ?? {};
    if (typeof fields !== 'object' || Array.isArray(fields) || fields === null)
      fail(file, at('fields'), `datasets.${name}.fields must be a mapping of field names.`);
    for (const [fieldName, override] of Object.entries(fields as Record<string, unknown>)) {
      const where = `datasets.${name}.fields.${fieldName}`;
      const fieldAt = (...path: string[]) => at('fields', fieldName, ...path);
      if (!override || typeof override !== 'object' || Array.isArray(override))
        fail(file, fieldAt(), `${where} must be a mapping (value, weights, nulls, edge_cases, generator).`);
      const entries = override as Record<string, unknown>;
      for (const key of Object.keys(entries))
        if (!FIELD_KEYS.has(key))
          fail(
            file,
            fieldAt(key),
            `${where}: unknown key "${key}" (expected value, weights, nulls, edge_cases, generator).`,
          );
      for (const share of ['nulls', 'edge_cases'] as const) {
        const value = entries[share];
        if (value !== undefined && !(typeof value === 'number' && value >= 0 && value <= 1))
          fail(file, fieldAt(share), `${where}.${share} must be a number between 0 and 1.`);
      }
      if (entries.weights !== undefined) {
        const weights = entries.weights;
        if (
          !weights ||
          typeof weights !== 'object' ||
          Array.isArray(weights) ||
          Object.values(weights).some((weight) => typeof weight !== 'number' || weight < 0) ||
          Object.keys(weights).length === 0
        ) {
          fail(file, fieldAt('weights'), `${where}.weights must map values to non-negative numbers.`);
        }
      }
      if (entries.generator !== undefined) {
        const kind = (entries.generator as { kind?: unknown } | null)?.kind;
        if (!(GENERATOR_KINDS as readonly unknown[]).includes(kind))
          fail(
            file,
            fieldAt('generator'),
            `${where}.generator.kind must be one of ${GENERATOR_KINDS.join(', ')}.`,
          );
      }
    }
  }
  return { version: 1, file, datasets: datasets as Record<string, DatasetOverride> };
}

/** Reads and validates a scenario file. */
export async function loadScenario(path: string): Promise<Scenario> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new DoppelError('invalidInput', `The scenario file ${path} cannot be read.`, { cause: error });
  }
  return parseScenario(text, path);
}

function overrideField(field: FieldTask, override: FieldOverride): FieldTask {
  let generator: GeneratorRecipe = override.generator ?? field.generator;
  if (override.value !== undefined) generator = { kind: 'constant', value: override.value };
  else if (override.weights) generator = { kind: 'categorical', weights: override.weights };
  if (override.nulls !== undefined) generator = { ...generator, nulls: override.nulls };
  const nullable = override.nulls !== undefined && override.nulls > 0 ? true : field.nullable;
  return { ...field, nullable, generator };
}

/** The datasets a scenario key names; a key that names none, or several ambiguously, is an error in `file`. */
function resolveScenarioName(typed: string, named: readonly NamedDataset[], file: string): string[] {
  try {
    return resolveDatasetName(typed, named, 'datasets:');
  } catch (error) {
    if (error instanceof DoppelError) fail(file, undefined, error.message);
    throw error;
  }
}

/** Layers `scenario` on `profile`; unknown datasets or fields are errors naming the scenario file. */
export function applyScenario(profile: Profile, scenario: Scenario): LayeredProfile {
  const file = scenario.file ?? 'scenario';
  const rows: Record<string, number> = {};
  const edgeCaseFields: Record<string, Record<string, number>> = {};
  const overrides = new Map<string, DatasetOverride>();
  const named = profile.datasets.map((task) => task.dataset);
  for (const [typed, override] of Object.entries(scenario.datasets)) {
    for (const name of resolveScenarioName(typed, named, file)) overrides.set(name, override);
  }
  const datasets = profile.datasets.map((task) => {
    const override = overrides.get(task.dataset.name);
    if (!override) return task;
    if (override.rows !== undefined) rows[task.dataset.name] = override.rows;
    const fields = override.fields ?? {};
    for (const fieldName of Object.keys(fields)) {
      if (!task.fields.some((field) => field.name === fieldName))
        fail(
          file,
          undefined,
          `datasets.${task.dataset.name}.fields.${fieldName} is not a field of ${task.dataset.name}.`,
        );
      const share = fields[fieldName]?.edge_cases;
      if (share !== undefined) {
        edgeCaseFields[task.dataset.name] = { ...edgeCaseFields[task.dataset.name], [fieldName]: share };
      }
    }
    return {
      ...task,
      fields: task.fields.map((field) =>
        fields[field.name] ? overrideField(field, fields[field.name]!) : field,
      ),
    };
  });
  return { profile: { ...profile, datasets }, rows, edgeCaseFields };
}
