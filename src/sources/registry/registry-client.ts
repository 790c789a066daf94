/**
 * A client for Confluent's schema registry REST API, over `@kafkajs/confluent-schema-registry`: its REST
 * transport (retries, basic auth) for the management calls, its `SchemaRegistry` for encoding and decoding
 * (`codec`). doppel follows Confluent's documented API; three differences seen in registries that implement
 * it are tolerated here, each named where it is handled and each covered by a test:
 *
 * 1. `POST /subjects/{subject}` (is this schema registered?) is not implemented (answered 405): the lookup
 *    falls back to comparing the subject's versions.
 * 2. The versions of an unknown subject are `200 []` instead of `404` with error code 40401: both read as
 *    "no versions".
 * 3. `PUT /config/{subject}` answers `{"compatibilityLevel": ...}` instead of `{"compatibility": ...}`:
 *    either key is read.
 */
import { COMPATIBILITY, SchemaRegistry } from '@kafkajs/confluent-schema-registry';
import { DoppelError } from '../../shared/errors.js';
import { redactText } from '../../shared/redact.js';
import type { RegistrySettings } from './registry-settings.js';

export type RegistrySchemaType = 'AVRO' | 'JSON' | 'PROTOBUF';

export interface SchemaReference {
  readonly name: string;
  readonly subject: string;
  readonly version: number;
}

/** A schema as the registry takes and gives it. */
export interface RegistrySchema {
  readonly schemaType: RegistrySchemaType;
  /** The schema document as text. */
  readonly schema: string;
  readonly references?: readonly SchemaReference[];
}

/** One version of a subject. */
export interface SubjectVersion extends RegistrySchema {
  readonly subject: string;
  readonly id: number;
  readonly version: number;
}

export interface CompatibilityResult {
  readonly compatible: boolean;
  /** The registry's reasons when not compatible (Confluent's `verbose=true` messages). */
  readonly messages: readonly string[];
}

export const COMPATIBILITY_LEVELS = Object.values(COMPATIBILITY) as readonly string[];

/** Milliseconds any one request may take. */
const REQUEST_TIMEOUT_MS = 30_000;

/** The library's REST client: a mappersmith client with these resources (its `api`, private in its typings). */
type RestResource = (params: Record<string, unknown>) => Promise<{ data<T>(): T; status(): number }>;
interface RestClient {
  readonly Schema: { readonly find: RestResource };
  readonly Subject: {
    readonly all: RestResource;
    readonly latestVersion: RestResource;
    readonly version: RestResource;
    readonly registered: RestResource;
    readonly config: RestResource;
    readonly updateConfig: RestResource;
    readonly register: RestResource;
    readonly compatible: RestResource;
  };
}

/** The error the library's transport rejects with. */
interface ResponseError {
  readonly status?: number;
  readonly message: string;
}

/**
 * The HTTP status of a registry's answer, or undefined when there was none: the transport reports a
 * connection failure or timeout as a status 400 whose data is the system error (`ECONNREFUSED`, `Timeout`).
 */
function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || typeof (error as ResponseError).status !== 'number')
    return undefined;
  const { status, message } = error as ResponseError;
  if (status === 400 && /Error, status 400: .*\b(E[A-Z]{3,}|socket hang up|Timeout)\b/.test(message))
    return undefined;
  return status;
}

type Middleware = NonNullable<ConstructorParameters<typeof SchemaRegistry>[0]['middlewares']>[number];

function bearerAuth(token: string): Middleware {
  return () => ({
    prepareRequest: (next) =>
      next().then((request) => request.enhance({ headers: { authorization: `Bearer ${token}` } })),
  });
}

export class RegistryClient {
  /** The library's client: encodes and decodes Confluent's wire format with the registry's schemas. */
  readonly codec: SchemaRegistry;
  private readonly rest: RestClient;

  constructor(
    readonly settings: RegistrySettings,
    options: ConstructorParameters<typeof SchemaRegistry>[1] = undefined,
  ) {
    const auth = settings.auth;
    this.codec = new SchemaRegistry(
      {
        host: settings.url,
        clientId: 'doppel',
        retry: { retries: 2 },
        ...(auth?.kind === 'basic' ? { auth: { username: auth.username, password: auth.password } } : {}),
        ...(auth?.kind === 'bearer' ? { middlewares: [bearerAuth(auth.token)] } : {}),
      },
      options,
    );
    this.rest = (this.codec as unknown as { api: RestClient }).api;
  }

  /** Runs one request; connection failures and refusals become errors that name the registry and the call. */
  private async call<T>(what: string, request: () => Promise<{ data<U>(): U }>): Promise<T> {
    try {
      return (await request()).data<T>();
    } catch (error) {
      throw this.explain(what, error);
    }
  }

  private explain(what: string, error: unknown): DoppelError {
    const status = statusOf(error);
    const message = redactText(error instanceof Error ? error.message : String(error)).replace(
      /^doppel - (Error, status \d+: )?/,
      '',
    );
    if (status === undefined)
      return new DoppelError(
        'connection',
        `Cannot reach the schema registry at ${this.settings.url} (${what}): ${message}`,
        {
          cause: error,
        },
      );
    if (status === 401 || status === 403)
      return new DoppelError(
        'connection',
        `The schema registry at ${this.settings.url} refused the credentials (${what}: HTTP ${status}); check DOPPEL_REGISTRY_USER / DOPPEL_REGISTRY_PASSWORD or DOPPEL_REGISTRY_TOKEN.`,
        { cause: error },
      );
    return new DoppelError('refused', `The schema registry refused ${what} (HTTP ${status}): ${message}`, {
      cause: error,
    });
  }

  /** Runs a request whose 404 means "none" (an unknown subject or version). */
  private async optional<T>(what: string, request: () => Promise<{ data<U>(): U }>): Promise<T | undefined> {
    try {
      return (await request()).data<T>();
    } catch (error) {
      if (statusOf(error) === 404) return undefined;
      throw this.explain(what, error);
    }
  }

  /** Every subject. */
  async listSubjects(): Promise<string[]> {
    return this.call('listing subjects', () => this.rest.Subject.all({ timeout: REQUEST_TIMEOUT_MS }));
  }

  /** The version numbers of `subject`, oldest first; empty when the subject is unknown. */
  async listVersions(subject: string): Promise<number[]> {
    // The library has no resource for this path; its transport takes a path per call (mappersmith's `path`).
    const versions = await this.optional<number[]>(`listing the versions of ${subject}`, () =>
      this.rest.Subject.all({
        path: `/subjects/${encodeURIComponent(subject)}/versions`,
        timeout: REQUEST_TIMEOUT_MS,
      }),
    );
    // Difference 2: an unknown subject answers `200 []` where Confluent answers 404 (40401); both are "none".
    return versions ?? [];
  }

  /** A version of `subject` (`latest` by default), or undefined when the subject or version is unknown. */
  async getVersion(
    subject: string,
    version: number | 'latest' = 'latest',
  ): Promise<SubjectVersion | undefined> {
    const found = await this.optional<RawVersion>(`reading ${subject} version ${version}`, () =>
      this.rest.Subject.version({ subject, version, timeout: REQUEST_TIMEOUT_MS }),
    );
    return found === undefined ? undefined : normalizeVersion(found);
  }

  /** The schema with the registry id `id`. */
  async getSchemaById(id: number): Promise<RegistrySchema> {
    const found = await this.call<RawVersion>(`reading schema ${id}`, () =>
      this.rest.Schema.find({ id, timeout: REQUEST_TIMEOUT_MS }),
    );
    return normalizeVersion({ ...found, subject: '', id, version: 0 });
  }

  /**
   * The version of `subject` that holds `schema` (the registry's id and version), or undefined when the
   * subject does not have it.
   */
  async lookup(subject: string, schema: RegistrySchema): Promise<SubjectVersion | undefined> {
    try {
      const found = (
        await this.rest.Subject.registered({ subject, body: bodyOf(schema), timeout: REQUEST_TIMEOUT_MS })
      ).data<RawVersion>();
      return normalizeVersion({ ...found, subject });
    } catch (error) {
      const status = statusOf(error);
      if (status === 404) return undefined; // 40401 (no such subject) or 40403 (not registered there)
      // Difference 1: the lookup is not implemented (405 Method Not Allowed, or 501): the subject's versions
      // are compared with the schema instead.
      if (status === 405 || status === 501) return this.lookupByVersions(subject, schema);
      throw this.explain(`looking up a schema in ${subject}`, error);
    }
  }

  private async lookupByVersions(
    subject: string,
    schema: RegistrySchema,
  ): Promise<SubjectVersion | undefined> {
    const wanted = canonicalSchema(schema);
    for (const version of (await this.listVersions(subject)).reverse()) {
      const candidate = await this.getVersion(subject, version);
      if (candidate !== undefined && canonicalSchema(candidate) === wanted) return candidate;
    }
    return undefined;
  }

  /** Whether `schema` may become the next version of `subject` under the subject's compatibility level. */
  async checkCompatibility(subject: string, schema: RegistrySchema): Promise<CompatibilityResult> {
    const answer = await this.call<{ is_compatible: boolean; messages?: unknown }>(
      `checking the compatibility of ${subject}`,
      () =>
        this.rest.Subject.compatible({
          subject,
          version: 'latest',
          verbose: true,
          body: bodyOf(schema),
          timeout: REQUEST_TIMEOUT_MS,
        }),
    );
    const messages = Array.isArray(answer.messages) ? answer.messages.map((message) => String(message)) : [];
    return { compatible: answer.is_compatible === true, messages };
  }

  /** Registers `schema` under `subject` (a registered schema keeps its id); returns its id. */
  async register(subject: string, schema: RegistrySchema): Promise<number> {
    const answer = await this.call<{ id: number }>(`registering a schema in ${subject}`, () =>
      this.rest.Subject.register({ subject, body: bodyOf(schema), timeout: REQUEST_TIMEOUT_MS }),
    );
    return answer.id;
  }

  /** Sets the compatibility level of `subject`; returns the level the registry reports. */
  async setCompatibility(subject: string, level: string): Promise<string> {
    const answer = await this.call<{ compatibility?: string; compatibilityLevel?: string }>(
      `setting the compatibility of ${subject}`,
      () =>
        this.rest.Subject.updateConfig({
          subject,
          body: { compatibility: level },
          timeout: REQUEST_TIMEOUT_MS,
        }),
    );
    // Difference 3: `{"compatibilityLevel": ...}` where Confluent answers `{"compatibility": ...}`.
    return answer.compatibility ?? answer.compatibilityLevel ?? level;
  }
}

interface RawVersion {
  readonly subject?: string;
  readonly id: number;
  readonly version?: number;
  readonly schema: string;
  readonly schemaType?: string;
  readonly references?: readonly SchemaReference[];
}

function normalizeVersion(raw: RawVersion): SubjectVersion {
  const schemaType = (raw.schemaType ?? 'AVRO').toUpperCase() as RegistrySchemaType;
  return {
    subject: raw.subject ?? '',
    id: raw.id,
    version: raw.version ?? 0,
    schemaType,
    schema: raw.schema,
    ...(raw.references !== undefined && raw.references.length > 0 ? { references: raw.references } : {}),
  };
}

/** The body of a schema in Confluent's requests (Avro is the default type and is left out). */
function bodyOf(schema: RegistrySchema): Record<string, unknown> {
  return {
    schema: schema.schema,
    ...(schema.schemaType === 'AVRO' ? {} : { schemaType: schema.schemaType }),
    ...(schema.references === undefined ? {} : { references: schema.references }),
  };
}

/** A schema's text compared regardless of key order and whitespace (JSON schemas), or trimmed (Protobuf). */
export function canonicalSchema(schema: RegistrySchema): string {
  if (schema.schemaType === 'PROTOBUF') return `${schema.schemaType}:${schema.schema.trim()}`;
  try {
    return `${schema.schemaType}:${JSON.stringify(sortKeys(JSON.parse(schema.schema)))}`;
  } catch {
    return `${schema.schemaType}:${schema.schema.trim()}`;
  }
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value as Record<string, unknown>)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
