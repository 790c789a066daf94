/**
 * The profile configuration file (`doppel profile shop.yaml`): several sources, sampling budgets and privacy
 * overrides. Credentials may only come from `${ENV_VAR}` references, never literally in the file: a password
 * written in a source URL is an error naming the file and line.
 *
 * ```yaml
 * profile: shop
 * out: profiles/shop
 * sampling: { rows: 10000, seconds: 60, seed: 42, full: false }
 * privacy:
 *   k: 10
 *   overrides:
 *     - { match: "public.customers.notes", personal: true }
 * sources:
 *   - name: shop
 *     url: postgres://reader:${SHOP_PASSWORD}@replica.internal:5432/shop
 *     include: ["public.*"]
 *     exclude: ["public.audit_*"]
 * ```
 */
import { visit } from 'yaml';
import { type Environment, parseConfigText } from '../shared/config.js';
import { DoppelError } from '../shared/errors.js';
import { LIMITS } from '../shared/limits.js';
import { readYaml } from '../shared/yaml-reader.js';
import type { PrivacyOverride } from '../tasks/types.js';
import type { SamplingBudget } from './run.js';

export interface ProfileConfigSource {
  readonly name: string;
  readonly url: string;
  readonly include?: readonly string[];
  readonly exclude?: readonly string[];
}

export interface ProfileConfig {
  readonly profile?: string;
  readonly out?: string;
  readonly sampling: Partial<SamplingBudget>;
  readonly privacy: { readonly k?: number; readonly overrides: readonly PrivacyOverride[] };
  readonly sources: readonly ProfileConfigSource[];
}

const LITERAL_PASSWORD = /^[a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*:([^@/\s]+)@/i;

/** Parses a profile configuration file's text; `file` names it in errors. */
export function parseProfileConfig(
  text: string,
  file: string,
  env: Environment = process.env,
): ProfileConfig {
  rejectLiteralPasswords(text, file);
  const raw = parseConfigText(text, file, env);
  const fail = (path: string, problem: string): never => {
    throw new DoppelError('invalidInput', `${file}: ${path} ${problem}.`);
  };
  const sourcesRaw = raw.sources;
  if (!Array.isArray(sourcesRaw) || sourcesRaw.length === 0) fail('sources', 'must list at least one source');
  const names = new Set<string>();
  const sources = (sourcesRaw as unknown[]).map((entry, index) => {
    const where = `sources[${index}]`;
    if (typeof entry !== 'object' || entry === null)
      return fail(where, 'must be a mapping with name and url');
    const item = entry as Record<string, unknown>;
    if (typeof item.url !== 'string' || item.url === '') fail(`${where}.url`, 'must be a source address');
    const name = typeof item.name === 'string' && item.name !== '' ? item.name : `source${index + 1}`;
    if (names.has(name)) fail(`${where}.name`, `repeats the source name "${name}"`);
    names.add(name);
    return {
      name,
      url: item.url as string,
      ...(item.include !== undefined ? { include: readStrings(item.include, `${where}.include`, fail) } : {}),
      ...(item.exclude !== undefined ? { exclude: readStrings(item.exclude, `${where}.exclude`, fail) } : {}),
    };
  });
  const sampling = readSampling(raw.sampling, fail);
  const privacyRaw = (raw.privacy ?? {}) as Record<string, unknown>;
  if (typeof privacyRaw !== 'object') fail('privacy', 'must be a mapping');
  const k = privacyRaw.k === undefined ? undefined : readPositiveInteger(privacyRaw.k, 'privacy.k', fail);
  const overridesRaw = privacyRaw.overrides ?? [];
  if (!Array.isArray(overridesRaw)) fail('privacy.overrides', 'must be a list');
  const overrides = (overridesRaw as unknown[]).map((entry, index) => {
    const item = (entry ?? {}) as Record<string, unknown>;
    if (typeof item.match !== 'string' || typeof item.personal !== 'boolean')
      fail(
        `privacy.overrides[${index}]`,
        'must have match (a dataset.field name or glob) and personal (true or false)',
      );
    return { match: item.match as string, personal: item.personal as boolean };
  });
  return {
    ...(typeof raw.profile === 'string' ? { profile: raw.profile } : {}),
    ...(typeof raw.out === 'string' ? { out: raw.out } : {}),
    sampling,
    privacy: { ...(k !== undefined ? { k } : {}), overrides },
    sources,
  };
}

type Fail = (path: string, problem: string) => never;

function readStrings(value: unknown, path: string, fail: Fail): string[] {
  const list = typeof value === 'string' ? [value] : value;
  if (!Array.isArray(list) || list.some((item) => typeof item !== 'string'))
    return fail(path, 'must be a name, a glob or a list of them');
  return list as string[];
}

function readPositiveInteger(
  value: unknown,
  path: string,
  fail: Fail,
  maximum = Number.MAX_SAFE_INTEGER,
): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1 || value > maximum)
    return fail(path, `must be a whole number from 1 to ${maximum}`);
  return value;
}

function readSampling(value: unknown, fail: Fail): Partial<SamplingBudget> {
  if (value === undefined) return {};
  if (typeof value !== 'object' || value === null) return fail('sampling', 'must be a mapping');
  const item = value as Record<string, unknown>;
  return {
    ...(item.rows !== undefined
      ? { rows: readPositiveInteger(item.rows, 'sampling.rows', fail, LIMITS.sampleRows) }
      : {}),
    ...(item.seconds !== undefined
      ? { seconds: readPositiveInteger(item.seconds, 'sampling.seconds', fail) }
      : {}),
    ...(item.seed !== undefined ? { seed: readPositiveInteger(item.seed, 'sampling.seed', fail) } : {}),
    ...(item.full !== undefined ? { full: item.full === true } : {}),
  };
}

/** A password written into a URL (rather than a `${VAR}` reference) is refused, naming the line. */
function rejectLiteralPasswords(text: string, file: string): void {
  const { document, lineOfNode } = readYaml(text);
  visit(document, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string') return;
      const password = LITERAL_PASSWORD.exec(node.value)?.[1];
      if (password === undefined || /^\$\{[A-Za-z_][A-Za-z0-9_]*\}$/.test(password)) return;
      const line = lineOfNode(node) ?? 1;
      throw new DoppelError(
        'invalidInput',
        `${file}:${line}: a source URL carries a password; write it as \${ENV_VAR} so that it stays out of the file.`,
      );
    },
  });
}
