/**
 * Schema-driven fuzzing of the HTTP service: fast-check builds requests from openapi.yaml (every operation;
 * mostly well-formed bodies with hostile strings, huge and out-of-range numbers, wrong types, unknown
 * fields, bodies nested far too deep, malformed JSON and bad percent-encoding in paths) and sends them to a
 * real service on loopback that holds secrets of its own (an API key, PGPASSWORD, a registered secret; it
 * has no connections, so no request reaches a database: connection failures, a documented 502, are
 * security.test.ts's subject). No response may be a 5xx, carry a secret or an
 * absolute path, or break the contract (every response is checked against openapi.yaml); no job may end in
 * an internal error. Generate jobs are made dry runs, so nothing heavy runs. `DOPPEL_FUZZ_SEED` replays a
 * run (fast-check prints the seed and the smallest failing request).
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../../src/api/app.js';
import { JobStore } from '../../../src/api/jobs/job-store.js';
import { readContract } from '../../../src/api/request-validation.js';
import { type RunningServer, startServer } from '../../../src/api/server.js';
import { silentLogger } from '../../../src/shared/log.js';
import { registerSecret } from '../../../src/shared/redact.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

const RUNS = 1_200;
const SEED = Number(process.env.DOPPEL_FUZZ_SEED ?? 20_261_204);
const KEY = 'fuzz-api-key-4c1d9e0b7a';
const REGISTERED_SECRET = 'fuzz-registered-secret-83d1';
const ENV_PASSWORD = 'fuzz-env-secret-5f27';
const REQUEST_PASSWORD = 'fuzz-request-secret-1b6a';
const SECRETS = [KEY, REGISTERED_SECRET, ENV_PASSWORD, REQUEST_PASSWORD];

type Json = Record<string, unknown>;

interface FuzzRequest {
  readonly method: string;
  readonly path: string;
  readonly body?: string;
  readonly contentType?: string;
}

const document = readContract() as Json & { paths: Record<string, Json> };

function resolveRef(schema: unknown): Json {
  let current = schema as Json;
  while (typeof current?.$ref === 'string') {
    let target: unknown = document;
    for (const part of (current.$ref as string).slice(2).split('/')) target = (target as Json)[part];
    current = target as Json;
  }
  return current ?? {};
}

const HOSTILE_STRINGS = fc.constantFrom(
  '',
  ' ',
  '../../../../etc/passwd',
  '/etc/passwd',
  '/proc/self/environ',
  '..',
  '%2e%2e%2f',
  '\u0000',
  '$' + '{HOME}',
  '$(id)',
  "'; DROP TABLE customers; --",
  'x'.repeat(5_000),
  '\ud800',
  '🙂🙂',
  'C:\\Windows\\system32',
  'file:///etc/passwd',
  `postgres://fuzz:${REQUEST_PASSWORD}@127.0.0.1:1/db`,
  `http://user:${REQUEST_PASSWORD}@127.0.0.1:1`,
  '*',
  '**/*',
  '{name}',
  '__proto__',
  'constructor',
  'pglite:../outside',
  REGISTERED_SECRET,
  `${REGISTERED_SECRET}/../x`,
  '-',
);

/** Values a field may get besides what its schema generates: names the service knows, and near misses. */
const FIELD_VALUES: Readonly<Record<string, readonly unknown[]>> = {
  profile: ['demo', 'demo', 'demo', 'missing', 'demo/..'],
  target: ['out', 'out', 'out', 'out/nested/deeper', 'shop', 'pglite:out/db', '../escape', '/tmp'],
  // No `pglite:` source: each one starts a PostgreSQL in WebAssembly (many seconds), not the subject here.
  source: ['shop', 'nowhere'],
  name: ['fuzzed', 'demo', '../escape', '.hidden'],
  scenario: ['demo/none.yaml', '../outside.yaml', 'demo/plan.yaml'],
  registry: ['http://127.0.0.1:1', 'https://127.0.0.1:1/'],
  only: [['public.customers'], ['public.*'], ['nothing']],
  skip: [['public.orders']],
  include: [['public.*']],
  rows: [{ 'public.customers': 3 }, { customers: 5, 'public.orders': 0 }, { '*': 1 }],
  bounds: [{ ks: 0.1 }, { nope: 1 }],
  shard: ['0/2', '1/1', '3/2', '0/0', 'auto'],
};

const WRONG_TYPES = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1e308, -1e308, 2 ** 53, 1e15, 0.5, '', [], {}, [[[]]]),
  fc.jsonValue({ maxDepth: 3 }),
);

function numberArbitrary(schema: Json, integer: boolean): fc.Arbitrary<number> {
  const min = typeof schema.minimum === 'number' ? schema.minimum : -1e12;
  const max = typeof schema.maximum === 'number' ? schema.maximum : 1e12;
  const inRange = integer
    ? fc.integer({ min: Math.max(min, -(2 ** 31)), max: Math.min(max, 2 ** 31) })
    : fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
  const edges = fc.constantFrom(min, max, min - 1, max + 1, 1e15, 1e308, -1e308, 2 ** 53 + 2, -0, 0.1);
  return fc.oneof({ weight: 4, arbitrary: inRange }, { weight: 1, arbitrary: edges });
}

/** Mostly values of `schema`'s shape (with hostile strings and numbers at its edges), sometimes not. */
function arbitraryFor(raw: unknown, field?: string, depth = 0): fc.Arbitrary<unknown> {
  const schema = resolveRef(raw);
  const known = field === undefined ? undefined : FIELD_VALUES[field];
  const shaped = shapedArbitrary(schema, depth);
  const options: fc.WeightedArbitrary<unknown>[] = [
    { weight: 6, arbitrary: shaped },
    { weight: 1, arbitrary: WRONG_TYPES },
  ];
  if (known !== undefined) options.push({ weight: 6, arbitrary: fc.constantFrom(...known) });
  return fc.oneof(...options);
}

function shapedArbitrary(schema: Json, depth: number): fc.Arbitrary<unknown> {
  if (Array.isArray(schema.oneOf))
    return fc.oneof(
      ...(schema.oneOf as unknown[]).map((branch) => arbitraryFor(branch, undefined, depth + 1)),
    );
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.oneof(fc.constantFrom(...schema.enum), HOSTILE_STRINGS);
  switch (schema.type) {
    case 'string':
      return fc.oneof(
        HOSTILE_STRINGS,
        fc.string({ maxLength: 40 }),
        fc.string({ unit: 'binary', maxLength: 20 }),
      );
    case 'integer':
      return numberArbitrary(schema, true);
    case 'number':
      return numberArbitrary(schema, false);
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(arbitraryFor(schema.items, undefined, depth + 1), { maxLength: 4 });
    case 'object':
      return objectArbitrary(schema, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function objectArbitrary(schema: Json, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const names = Object.keys(properties);
  if (names.length === 0) {
    const values =
      typeof schema.additionalProperties === 'object'
        ? arbitraryFor(schema.additionalProperties, undefined, depth + 1)
        : fc.jsonValue({ maxDepth: 2 });
    return fc.dictionary(fc.oneof(HOSTILE_STRINGS, fc.string({ maxLength: 12 })), values, { maxKeys: 4 });
  }
  const record = fc.record(
    Object.fromEntries(names.map((name) => [name, arbitraryFor(properties[name], name, depth + 1)])),
    { requiredKeys: (schema.required as string[] | undefined) ?? [] },
  );
  // Now and then a field the contract does not have (a misspelling, or a prototype key).
  const extra = fc.option(
    fc.tuple(fc.constantFrom('dryrun', 'Kind', '__proto__', 'constructor', 'sampleRow', 'x'), fc.jsonValue()),
    { freq: 8 },
  );
  return fc.tuple(record, extra).map(([value, added]) => {
    const object = { ...(value as Json) };
    if (added !== null) Object.defineProperty(object, added[0], { value: added[1], enumerable: true });
    return object;
  });
}

/**
 * Bodies with only the required fields, from the names the service knows, plus a few optional fields of
 * the right shape: the requests that get past validation into the routes and the jobs.
 */
function plainArbitrary(raw: unknown): fc.Arbitrary<unknown> {
  const schema = resolveRef(raw);
  if (Array.isArray(schema.oneOf)) return fc.oneof(...(schema.oneOf as unknown[]).map(plainArbitrary));
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  const required = (schema.required as string[] | undefined) ?? [];
  const fields = Object.fromEntries(
    Object.keys(properties).map((name) => {
      const property = resolveRef(properties[name]);
      const known = FIELD_VALUES[name];
      const arbitrary =
        property.const !== undefined
          ? fc.constant(property.const)
          : known !== undefined
            ? fc.constantFrom(...known)
            : shapedArbitrary(property, 1);
      return [name, arbitrary];
    }),
  );
  const optional = Object.keys(fields).filter((name) => !required.includes(name));
  return fc
    .tuple(
      fc.record(Object.fromEntries(required.map((name) => [name, fields[name]!]))),
      fc
        .subarray(optional, { maxLength: 2 })
        .chain((names) => fc.record(Object.fromEntries(names.map((name) => [name, fields[name]!])))),
    )
    .map(([must, may]) => ({ ...(must as Json), ...(may as Json) }));
}

/** `[...{...` nested `levels` deep around a value, as raw JSON text. */
function nestedText(levels: number, inner: string): string {
  let open = '';
  let close = '';
  for (let level = 0; level < levels; level++) {
    const array = level % 2 === 0;
    open += array ? '[' : '{"a":';
    close = (array ? ']' : '}') + close;
  }
  return `${open}${inner}${close}`;
}

/** Percent-encoded text; a lone surrogate (which cannot be encoded) as the bytes of its code unit. */
function encodeSegment(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
}

const PATH_SEGMENTS = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom('demo', 'missing', 'fuzzed') },
  { weight: 2, arbitrary: HOSTILE_STRINGS.map((text) => encodeSegment(text.slice(0, 200))) },
  { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%C0%AF', '..%2F..%2Fetc', '%00', '.') },
  { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(encodeSegment) },
);

const RAW_BODIES = fc.oneof(
  fc.constantFrom(
    '{',
    'null',
    '[]',
    '"text"',
    '1e400',
    '{"__proto__": {"polluted": true}}',
    '{"constructor": {"prototype": {"polluted": true}}}',
    '{"kind": "generate", "kind": "profile"}',
  ),
  fc
    .integer({ min: 33, max: 3_000 })
    .map(
      (levels) =>
        `{"kind":"generate","profile":"demo","target":"out","dryRun":true,"scenario":{"version":1,"datasets":${nestedText(levels, '1')}}}`,
    ),
  fc.integer({ min: 33, max: 10_000 }).map((levels) => nestedText(levels, '0')),
);

/** Requests for one operation of the contract. */
function operationArbitrary(method: string, template: string, operation: Json): fc.Arbitrary<FuzzRequest> {
  const parameters = ((operation.parameters as unknown[]) ?? []).map(resolveRef);
  const pathArbitrary = fc
    .tuple(...parameters.filter((parameter) => parameter.in === 'path').map(() => PATH_SEGMENTS))
    .map((segments) => {
      let index = 0;
      return template.replace(/\{[^}]+\}/g, () => segments[index++] ?? '');
    });
  const query = fc.option(fc.constantFrom('?debug=1', '?__proto__[x]=1', '?a=%zz', '?'), { freq: 6 });
  const schema = (resolveRef(operation.requestBody).content as Json | undefined)?.['application/json'] as
    | Json
    | undefined;
  const body: fc.Arbitrary<Pick<FuzzRequest, 'body' | 'contentType'>> =
    schema === undefined
      ? fc.constant({})
      : fc.oneof(
          {
            weight: 10,
            arbitrary: arbitraryFor(schema.schema).map((value) => ({
              body: JSON.stringify(asDryRun(value)),
            })),
          },
          {
            weight: 6,
            arbitrary: plainArbitrary(schema.schema).map((value) => ({
              body: JSON.stringify(asDryRun(value)),
            })),
          },
          { weight: 2, arbitrary: RAW_BODIES.map((text) => ({ body: text })) },
          { weight: 1, arbitrary: fc.constant({ body: '{"kind":"generate"}', contentType: 'text/plain' }) },
          { weight: 1, arbitrary: fc.constant({}) },
        );
  return fc
    .tuple(pathArbitrary, query, body)
    .map(([path, suffix, content]) => ({ method, path: `${path}${suffix ?? ''}`, ...content }));
}

/** Generate jobs never write: the fuzz checks the contract, not the disk. */
function asDryRun(value: unknown): unknown {
  if (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    (value as Json).kind === 'generate'
  )
    return { ...(value as Json), dryRun: true };
  return value;
}

/** Every operation; those with a body more often, since bodies hold most of what can go wrong. */
const REQUESTS = fc.oneof(
  ...Object.entries(document.paths).flatMap(([template, item]) =>
    ['get', 'post', 'delete']
      .filter((method) => item[method] !== undefined)
      .map((method) => ({
        weight: (item[method] as Json).requestBody === undefined ? 1 : 6,
        arbitrary: operationArbitrary(method.toUpperCase(), template, item[method] as Json),
      })),
  ),
);

interface Reply {
  readonly status: number;
  readonly type: string;
  readonly text: string;
}

function send(url: string, request: FuzzRequest): Promise<Reply> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const call = httpRequest(
      {
        hostname,
        port,
        method: request.method,
        path: request.path,
        headers: {
          authorization: `Bearer ${KEY}`,
          ...(request.body === undefined
            ? {}
            : { 'content-type': request.contentType ?? 'application/json' }),
        },
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, type: response.headers['content-type'] ?? '', text }),
        );
      },
    );
    call.on('error', reject);
    call.end(request.body);
  });
}

/** The documented schema of a response (its status, else `default`), per operation. */
function responseSchemas(): (method: string, path: string, status: number) => ValidateFunction | undefined {
  const ajv = new Ajv2020({ strict: false });
  ajv.addSchema({ ...document, $id: 'openapi' });
  const operations = Object.entries(document.paths).flatMap(([template, item]) =>
    Object.entries(item).map(([method, operation]) => ({
      method: method.toUpperCase(),
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
      responses: (operation as Json).responses as Record<string, Json>,
    })),
  );
  const compiled = new Map<unknown, ValidateFunction>();
  return (method, path, status) => {
    const operation = operations.find(
      (candidate) => candidate.method === method && candidate.pattern.test(path.split('?')[0]!),
    );
    const response = resolveRef(operation?.responses[String(status)] ?? operation?.responses.default);
    const schema = (response.content as Json | undefined)?.['application/json'] as Json | undefined;
    if (schema?.schema === undefined) return undefined;
    if (!compiled.has(schema.schema)) {
      const text = JSON.stringify(schema.schema).replaceAll('"$ref":"#/', '"$ref":"openapi#/');
      compiled.set(schema.schema, ajv.compile(JSON.parse(text)));
    }
    return compiled.get(schema.schema);
  };
}

/** An absolute path of two or more parts (what the service shows instead: relative, or `…/last`). */
const ABSOLUTE_PATH = /(^|[\s'"(=[])\/(?:[^\s'"()<>,;[\]/]+\/)+/;

describe('the service under schema-driven fuzzing', () => {
  let dir: string;
  let server: RunningServer;
  let jobs: JobStore;
  const saved = process.env.PGPASSWORD;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'doppel-fuzz-'));
    cpSync(join(REPO_ROOT, 'profiles', 'demo'), join(dir, 'profiles', 'demo'), { recursive: true });
    mkdirSync(join(dir, 'output'));
    process.env.PGPASSWORD = ENV_PASSWORD;
    registerSecret(REGISTERED_SECRET);
    jobs = new JobStore({ log: silentLogger, stateDir: join(dir, 'state') });
    const app = createApp({
      profilesRoot: join(dir, 'profiles'),
      jobs,
      settings: {
        keys: [{ name: 'fuzz', secret: KEY }],
        outputRoot: join(dir, 'output'),
      },
    });
    server = await startServer(app, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
    await jobs.close();
    if (saved === undefined) delete process.env.PGPASSWORD;
    else process.env.PGPASSWORD = saved;
    rmSync(dir, { recursive: true, force: true });
  });

  it(`answers ${RUNS} generated requests without a 5xx, a secret, an absolute path or a broken contract`, async () => {
    const schemaOf = responseSchemas();
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(REQUESTS, async (request) => {
        const reply = await send(server.url, request);
        statuses.set(reply.status, (statuses.get(reply.status) ?? 0) + 1);
        expect(reply.status, reply.text).toBeLessThan(500);
        for (const secret of SECRETS) expect(reply.text).not.toContain(secret);
        expect(reply.text).not.toContain(dir);
        expect(reply.text).not.toContain(REPO_ROOT);
        // A 404 names the route asked for: the request's own path, not one of the server's.
        expect(reply.text.replaceAll(request.path.split('?')[0]!, '')).not.toMatch(ABSOLUTE_PATH);
        if (reply.type.startsWith('application/json')) {
          const validate = schemaOf(request.method, request.path, reply.status);
          const body: unknown = JSON.parse(reply.text);
          if (validate !== undefined) expect(validate(body), JSON.stringify(validate.errors)).toBe(true);
        }
        expect(({} as Json).polluted).toBeUndefined();
      }),
      { numRuns: RUNS, seed: SEED, endOnFailure: true },
    );
    console.info(`fuzz (seed ${SEED}): statuses ${JSON.stringify(Object.fromEntries(statuses))}`);
    // The fuzz reached past validation: some requests were accepted and some refused.
    expect(statuses.get(202) ?? 0).toBeGreaterThan(0);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(0);
    expect([...statuses.values()].reduce((sum, count) => sum + count, 0)).toBe(RUNS);
  }, 600_000);

  it('ended every job it started without an internal error, a secret or an absolute path', async () => {
    const records = jobs.list();
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      const ended = await jobs.wait(record.id);
      expect(ended?.error?.kind, JSON.stringify(ended?.error)).not.toBe('internal');
      const text = JSON.stringify(ended);
      for (const secret of SECRETS) expect(text).not.toContain(secret);
      const file = readFileSync(join(dir, 'state', 'jobs', `${record.id}.json`), 'utf8');
      for (const secret of SECRETS) expect(file).not.toContain(secret);
    }
  });
});
