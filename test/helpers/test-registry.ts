/**
 * The schema registries tests run against: the one `scripts/services.sh up registry` starts (rivven-schema
 * on 127.0.0.1:8081, or `DOPPEL_TEST_REGISTRY_LOCAL_URL`), and also the one `DOPPEL_TEST_REGISTRY_URL` names
 * (Confluent's, Apicurio's, ...) when set. Each test uses subjects under a random prefix of its own, so
 * suites share a registry safely; `rest` reads the registry's REST API directly, independently of doppel's
 * client, to check what doppel did.
 */
import { randomBytes } from 'node:crypto';

export interface TestRegistry {
  /** `services` (the services script's registry) or `external` (DOPPEL_TEST_REGISTRY_URL). */
  readonly name: 'services' | 'external';
  readonly url: string;
}

const SERVICES_URL = 'http://127.0.0.1:8081';

/** The registries to run against: the services script's, plus DOPPEL_TEST_REGISTRY_URL's when set. */
export function testRegistries(): TestRegistry[] {
  const local = process.env.DOPPEL_TEST_REGISTRY_LOCAL_URL || SERVICES_URL;
  const external = process.env.DOPPEL_TEST_REGISTRY_URL;
  return [
    { name: 'services', url: local },
    ...(external ? [{ name: 'external' as const, url: external.replace(/\/+$/, '') }] : []),
  ];
}

/** A prefix no other test uses (letters and digits, so it is a valid topic and Avro name start). */
export function uniquePrefix(label: string): string {
  return `${label}${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
}

/** Fails with the command that starts the registry when it does not answer. */
export async function requireRegistry(registry: TestRegistry): Promise<void> {
  try {
    const response = await fetch(`${registry.url}/subjects`, { signal: AbortSignal.timeout(5_000) });
    if (response.ok) return;
    throw new Error(`HTTP ${response.status}`);
  } catch (error) {
    throw new Error(
      `The schema registry at ${registry.url} is not reachable (${error instanceof Error ? error.message : String(error)}). ` +
        (registry.name === 'services'
          ? 'Start it with `bash scripts/services.sh up registry`.'
          : 'Check DOPPEL_TEST_REGISTRY_URL.'),
    );
  }
}

const JSON_TYPE = 'application/vnd.schemaregistry.v1+json';

/** Direct calls to a registry's REST API: status and parsed body, nothing interpreted. */
export function rest(url: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, {
      method,
      headers: { 'content-type': JSON_TYPE },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? undefined : (JSON.parse(text) as unknown) };
  };
  return {
    call,
    async subjects(prefix: string): Promise<string[]> {
      const { body } = await call('GET', '/subjects');
      return (body as string[]).filter((subject) => subject.startsWith(prefix)).sort();
    },
    /** The versions of a subject ([] when unknown, whichever way the registry says so). */
    async versions(subject: string): Promise<number[]> {
      const { status, body } = await call('GET', `/subjects/${encodeURIComponent(subject)}/versions`);
      return status === 404 ? [] : (body as number[]);
    },
    async latest(
      subject: string,
    ): Promise<{ id: number; version: number; schema: string; schemaType?: string }> {
      const { status, body } = await call('GET', `/subjects/${encodeURIComponent(subject)}/versions/latest`);
      if (status !== 200) throw new Error(`${subject} has no latest version (HTTP ${status})`);
      return body as { id: number; version: number; schema: string; schemaType?: string };
    },
    /** Deletes every subject under `prefix` (soft, then permanently). */
    async deleteSubjects(prefix: string): Promise<void> {
      for (const subject of await this.subjects(prefix)) {
        await call('DELETE', `/subjects/${encodeURIComponent(subject)}`);
        await call('DELETE', `/subjects/${encodeURIComponent(subject)}?permanent=true`);
      }
    },
  };
}
