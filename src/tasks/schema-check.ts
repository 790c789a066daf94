/**
 * Validation of one parsed document against the published JSON Schema (`schema/task-file.v1.json`), with
 * ajv's messages rewritten for people: which kinds are allowed, which key is unknown (and what was meant).
 */
import { createRequire } from 'node:module';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { DocumentPath, ProblemList } from './problems.js';

/** The published schema, as a JSON value (the same file the package ships). */
export const TASK_FILE_SCHEMA = createRequire(import.meta.url)('../../schema/task-file.v1.json') as {
  readonly $id: string;
  readonly $defs: Readonly<Record<string, SchemaNode>>;
};

/** The parts of a JSON Schema node this module reads. */
export interface SchemaNode {
  readonly $ref?: string;
  readonly enum?: readonly unknown[];
  readonly const?: unknown;
  readonly properties?: Readonly<Record<string, SchemaNode>>;
  readonly required?: readonly string[];
  readonly oneOf?: readonly SchemaNode[];
}

export type DocumentKind = 'plan' | 'dataset';

let validators: Record<DocumentKind, ValidateFunction> | undefined;

function compileValidators(): Record<DocumentKind, ValidateFunction> {
  const ajv = new Ajv2020({
    allErrors: true,
    verbose: true,
    discriminator: true,
    strict: true,
    allowUnionTypes: true,
  });
  ajv.addSchema(TASK_FILE_SCHEMA);
  const get = (name: DocumentKind) => {
    const validate = ajv.getSchema(`${TASK_FILE_SCHEMA.$id}#/$defs/${name}`);
    if (validate === undefined) throw new Error(`The task-file schema has no $defs/${name}.`);
    return validate;
  };
  return { plan: get('plan'), dataset: get('dataset') };
}

/** Checks `value` as a plan or dataset document; records one problem per schema violation. True when valid. */
export function checkAgainstSchema(kind: DocumentKind, value: unknown, problems: ProblemList): boolean {
  validators ??= compileValidators();
  const validate = validators[kind];
  if (validate(value)) return true;
  for (const error of validate.errors ?? []) reportSchemaError(error, value, problems);
  return false;
}

function reportSchemaError(error: ErrorObject, document: unknown, problems: ProblemList): void {
  const path = parsePointer(error.instancePath, document);
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const allowed = Object.keys(propertiesAt(error.parentSchema));
      problems.add([...path, key], describeUnknownKey(key, allowed), 'key');
      return;
    }
    case 'required': {
      problems.add(path, `missing required key "${String(params.missingProperty)}"`, 'key');
      return;
    }
    case 'discriminator': {
      const tag = String(params.tag);
      if (params.error === 'tag' && params.tagValue === undefined) {
        problems.add(path, `missing required key "${tag}"`, 'key');
        return;
      }
      const kinds = discriminatorValues(error.parentSchema, tag);
      problems.add([...path, tag], `must be one of ${kinds.join(', ')}`);
      return;
    }
    case 'enum': {
      const values = (params.allowedValues as readonly unknown[]).map(String);
      problems.add(path, `must be one of ${values.join(', ')}`);
      return;
    }
    case 'const':
      problems.add(path, `must be ${JSON.stringify(params.allowedValue)}`);
      return;
    case 'type':
      problems.add(path, `must be ${describeType(String(params.type))}`);
      return;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      problems.add(path, `must be ${String(params.comparison)} ${String(params.limit)}`);
      return;
    case 'minItems':
      problems.add(path, `must have at least ${String(params.limit)} items`);
      return;
    case 'maxItems':
    case 'items':
      problems.add(path, `must have at most ${String(params.limit)} items`);
      return;
    case 'if':
      return; // the `then`/`else` branch reports what is wrong
    default:
      problems.add(path, error.message ?? `fails the schema rule "${error.keyword}"`);
  }
}

function describeType(type: string): string {
  const words: Record<string, string> = {
    object: 'a mapping',
    array: 'a list',
    string: 'a string',
    number: 'a number',
    integer: 'a whole number',
    boolean: 'true or false',
    null: 'null',
  };
  return type
    .split(',')
    .map((part) => words[part] ?? part)
    .join(' or ');
}

/** "unknown key" with the allowed keys, and the closest one when the key looks like a typo. */
function describeUnknownKey(key: string, allowed: readonly string[]): string {
  const suggestion = closestWord(key, allowed);
  const hint = suggestion === undefined ? '' : `; did you mean "${suggestion}"?`;
  return `unknown key "${key}" (allowed: ${allowed.join(', ')})${hint}`;
}

function closestWord(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3 || a.length > 64 || b.length > 64) return Number.POSITIVE_INFINITY;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? Number.POSITIVE_INFINITY;
}

function propertiesAt(schema: unknown): Readonly<Record<string, SchemaNode>> {
  return (schema as SchemaNode | undefined)?.properties ?? {};
}

/** The tag values of a discriminated union, in schema order. */
function discriminatorValues(schema: unknown, tag: string): string[] {
  const branches = (schema as SchemaNode | undefined)?.oneOf ?? [];
  return branches.map((branch) => {
    const resolved = resolveReference(branch);
    return String(resolved.properties?.[tag]?.const);
  });
}

/** Follows a local `#/$defs/<name>` reference in the task-file schema. */
export function resolveReference(node: SchemaNode): SchemaNode {
  const name = node.$ref?.replace(/^#\/\$defs\//, '');
  return name === undefined ? node : (TASK_FILE_SCHEMA.$defs[name] ?? node);
}

/** `/fields/3/generator` → `['fields', 3, 'generator']`: indexes are numbers where the value is a list. */
function parsePointer(pointer: string, document: unknown): DocumentPath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let current: unknown = document;
  for (const raw of pointer.slice(1).split('/')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      path.push(Number(part));
      current = current[Number(part)];
    } else {
      path.push(part);
      current = isRecord(current) ? current[part] : undefined;
    }
  }
  return path;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
