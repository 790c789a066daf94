/**
 * Every request is checked against openapi.yaml before a route does any work: the path's parameters
 * (percent-encoding included), the query (no parameter the contract does not list), and the JSON body
 * against the operation's schema with ajv: unknown fields, wrong types, values out of range and nesting
 * deeper than `LIMITS.depth` are a usage error (HTTP 400) naming the field. A `oneOf` with a discriminator
 * (the job kinds) is checked against the one schema its discriminator names, so errors speak of that
 * schema's fields. Paths and methods the contract does not describe pass through to the 404 handler.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import type { RequestHandler } from 'express';
import { parse } from 'yaml';
import { DoppelError } from '../shared/errors.js';
import { LIMITS, nestingDepth } from '../shared/limits.js';

/** openapi.yaml at the package root (the same place from `src/api` and `dist/api`). */
export const OPENAPI_FILE = new URL('../../openapi.yaml', import.meta.url);

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;

type Json = Record<string, unknown>;

interface Discriminated {
  readonly property: string;
  readonly validators: ReadonlyMap<string, ValidateFunction>;
}

interface Operation {
  readonly method: string;
  readonly template: string;
  readonly pattern: RegExp;
  readonly parameters: readonly { readonly name: string; readonly validate: ValidateFunction }[];
  readonly query: ReadonlySet<string>;
  readonly body?: {
    readonly required: boolean;
    readonly validate?: ValidateFunction;
    readonly discriminated?: Discriminated;
  };
}

/** The parsed contract. */
export function readContract(file: URL | string = OPENAPI_FILE): Json {
  return parse(readFileSync(file, 'utf8')) as Json;
}

function resolveRef(document: Json, value: unknown): Json {
  let current = value as Json;
  for (let hops = 0; typeof current?.$ref === 'string' && hops < 10; hops++) {
    let target: unknown = document;
    for (const part of (current.$ref as string).replace(/^#\//, '').split('/'))
      target = (target as Json | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    current = target as Json;
  }
  return current;
}

/** `/profiles/{name}` as a pattern over the raw (still percent-encoded) path, one group per parameter. */
function patternOf(template: string): RegExp {
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => (part.startsWith('{') ? '([^/]+)' : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}/?$`);
}

/** Compiles one validator per operation of the contract. */
export function compileOperations(document: Json): Operation[] {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  ajv.addSchema({ ...document, $id: 'openapi' });
  // A schema from inside the document: its local references point into the document.
  const compile = (schema: unknown): ValidateFunction =>
    ajv.compile(JSON.parse(JSON.stringify(schema ?? {}).replaceAll('"$ref":"#/', '"$ref":"openapi#/')));
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries(document.paths as Record<string, Json>)) {
    for (const method of METHODS) {
      const operation = item[method] as Json | undefined;
      if (operation === undefined) continue;
      const parameters = [
        ...((item.parameters as unknown[]) ?? []),
        ...((operation.parameters as unknown[]) ?? []),
      ].map((parameter) => resolveRef(document, parameter));
      const requestBody = resolveRef(document, operation.requestBody);
      const schema = (requestBody?.content as Json | undefined)?.['application/json'] as Json | undefined;
      operations.push({
        method: method.toUpperCase(),
        template,
        pattern: patternOf(template),
        parameters: parameters
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => ({ name: parameter.name as string, validate: compile(parameter.schema) })),
        query: new Set(
          parameters
            .filter((parameter) => parameter.in === 'query')
            .map((parameter) => parameter.name as string),
        ),
        ...(requestBody === undefined
          ? {}
          : {
              body: {
                required: requestBody.required === true,
                ...compileBody(document, schema?.schema, compile),
              },
            }),
      });
    }
  }
  return operations;
}

/** A body schema's validator, or one validator per value of its discriminator. */
function compileBody(
  document: Json,
  schema: unknown,
  compile: (schema: unknown) => ValidateFunction,
): { validate?: ValidateFunction; discriminated?: Discriminated } {
  if (schema === undefined) return {};
  const resolved = resolveRef(document, schema);
  const discriminator = resolved.discriminator as { propertyName: string; mapping?: Record<string, string> };
  if (discriminator?.mapping === undefined) return { validate: compile(schema) };
  const validators = new Map<string, ValidateFunction>();
  for (const [value, ref] of Object.entries(discriminator.mapping))
    validators.set(value, compile({ $ref: ref }));
  return { discriminated: { property: discriminator.propertyName, validators } };
}

/** A JSON pointer as the field name a person would write: `/rows/public.customers` -> `rows.public.customers`. */
function fieldOf(pointer: string, extra?: string): string {
  const parts = pointer
    .split('/')
    .slice(1)
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) parts.push(extra);
  return parts.join('.');
}

/** One sentence per schema violation, naming the field. */
export function describeViolation(error: ErrorObject, what = 'request field'): string {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties':
      return `The ${what} "${fieldOf(error.instancePath, String(params.additionalProperty))}" is not known; openapi.yaml lists the fields.`;
    case 'required':
      return `The ${what} "${fieldOf(error.instancePath, String(params.missingProperty))}" is required.`;
    case 'enum':
      return `The ${what} "${fieldOf(error.instancePath)}" must be one of ${(params.allowedValues as unknown[]).join(', ')}.`;
    case 'const':
      return `The ${what} "${fieldOf(error.instancePath)}" must be ${JSON.stringify(params.allowedValue)}.`;
    default: {
      const field = fieldOf(error.instancePath);
      return field === ''
        ? `The request body ${error.message ?? 'is not valid'}.`
        : `The ${what} "${field}" ${error.message ?? 'is not valid'}.`;
    }
  }
}

const PRIORITY: Readonly<Record<string, number>> = { additionalProperties: 0, required: 1 };

/**
 * The clearest violation first: an unknown or missing field, else the deepest one (a failed `oneOf`
 * reports each branch's causes and then itself); type errors of the `oneOf` branches at one place read as
 * one (`must be string or object`).
 */
function violation(errors: readonly ErrorObject[] | null | undefined): DoppelError {
  const causes = (errors ?? []).filter((error) => error.keyword !== 'oneOf' && error.keyword !== 'anyOf');
  const ranked = causes
    .map((error, index) => ({ error, index }))
    .sort(
      (a, b) =>
        (PRIORITY[a.error.keyword] ?? 2) - (PRIORITY[b.error.keyword] ?? 2) ||
        b.error.instancePath.length - a.error.instancePath.length ||
        a.index - b.index,
    )
    .map(({ error }) => error);
  const first = ranked[0];
  if (first === undefined) return new DoppelError('usage', 'The request is not valid.');
  const types = ranked.filter(
    (error) => error.keyword === 'type' && error.instancePath === first.instancePath,
  );
  const message =
    first.keyword === 'type' && types.length > 1
      ? describeViolation({
          ...first,
          message: `must be ${types.map((error) => (error.params as { type: string }).type).join(' or ')}`,
        })
      : describeViolation(first);
  const details = [...new Set(ranked.slice(1).map((error) => describeViolation(error)))].filter(
    (detail) => detail !== message,
  );
  return new DoppelError('usage', message, { details: details.slice(0, 10) });
}

function checkBody(operation: Operation, body: unknown, present: boolean): void {
  const contract = operation.body;
  if (contract === undefined) return;
  if (!present) {
    if (contract.required)
      throw new DoppelError(
        'usage',
        `${operation.method} ${operation.template} needs a JSON body (Content-Type: application/json).`,
      );
    return;
  }
  if (nestingDepth(body) > LIMITS.depth)
    throw new DoppelError('usage', `The request body nests deeper than ${LIMITS.depth} levels.`);
  let validate = contract.validate;
  if (contract.discriminated !== undefined) {
    const { property, validators } = contract.discriminated;
    if (typeof body !== 'object' || body === null || Array.isArray(body))
      throw new DoppelError('usage', 'The request body must be a JSON object.');
    const value = (body as Json)[property];
    validate = typeof value === 'string' ? validators.get(value) : undefined;
    if (validate === undefined)
      throw new DoppelError(
        'usage',
        `The request field "${property}" must be one of ${[...validators.keys()].join(', ')}.`,
      );
  }
  if (validate !== undefined && !validate(body)) throw violation(validate.errors);
}

let jobRequestCheck: ((value: unknown) => void) | undefined;

/**
 * Checks a job request outside an HTTP request (a schedule's step) against `JobRequest` in openapi.yaml, as
 * `POST /jobs` would; errors start with `where` and have `kind` (`usage`, or `invalidInput` for a file).
 */
export function checkJobRequest(value: unknown, where: string, kind: 'usage' | 'invalidInput'): void {
  if (jobRequestCheck === undefined) {
    const document = readContract();
    const operation = compileOperations(document).find(
      (candidate) => candidate.method === 'POST' && candidate.template === '/jobs',
    );
    const body = operation?.body;
    if (body === undefined) throw new Error('openapi.yaml describes no body for POST /jobs');
    jobRequestCheck = (candidate) => checkBody({ ...operation!, body }, candidate, true);
  }
  try {
    jobRequestCheck(value);
  } catch (error) {
    if (!(error instanceof DoppelError)) throw error;
    const message = error.message.replace(/^The request (field|body)/, 'the field').replace(/^The /, 'the ');
    throw new DoppelError(kind, `${where}: ${message}`, { details: error.details });
  }
}

function decodeSegment(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    throw new DoppelError('usage', `The path segment "${raw.slice(0, 100)}" is not valid percent-encoding.`);
  }
}

/** The middleware: refuses a request the contract does not allow, before any route runs. */
export function validateRequests(document: Json = readContract()): RequestHandler {
  const operations = compileOperations(document);
  return (request, _response, next) => {
    const method = request.method === 'HEAD' ? 'GET' : request.method;
    const path = request.path;
    for (const operation of operations) {
      if (operation.method !== method) continue;
      const match = operation.pattern.exec(path);
      if (match === null) continue;
      operation.parameters.forEach((parameter, index) => {
        const value = decodeSegment(match[index + 1]!);
        if (!parameter.validate(value))
          throw new DoppelError(
            'usage',
            `The path parameter "${parameter.name}" ${parameter.validate.errors?.[0]?.message ?? 'is not valid'}.`,
          );
      });
      for (const name of Object.keys(request.query as Json))
        if (!operation.query.has(name))
          throw new DoppelError(
            'usage',
            `The query parameter "${name.slice(0, 100)}" is not known; openapi.yaml lists the parameters.`,
          );
      checkBody(operation, request.body, request.body !== undefined);
      return next();
    }
    // No documented operation: the 404 handler answers (a bad encoding is still a 400).
    for (const segment of path.split('/')) decodeSegment(segment);
    next();
  };
}
