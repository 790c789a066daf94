/**
 * Configuration: one precedence for every setting (flag, then environment variable, then configuration
 * file, then default), and configuration files in YAML whose string values may refer to environment
 * variables as `${NAME}` (or `${NAME:-fallback}`; `$${` writes a literal `${`), so credentials stay in the
 * environment. A missing variable is an error naming the file, the line and the variable.
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { visit } from 'yaml';
import { DoppelError } from './errors.js';
import { registerSecret } from './redact.js';
import { readYaml } from './yaml-reader.js';

/** Where a resolved setting came from, for `--log-level debug` explanations. */
export type SettingSource = 'flag' | 'env' | 'config' | 'default';

export type Environment = Readonly<Record<string, string | undefined>>;

export interface ResolveSettingOptions<T> {
  /** Turns the environment variable's text into a value; throw a DoppelError for bad text. */
  readonly parse?: (text: string) => T;
  readonly env?: Environment;
}

/** The file doppel reads settings from when no `--config` is given: `DOPPEL_CONFIG`, else this name. */
export const DEFAULT_CONFIG_FILE = 'doppel.yaml';

/**
 * Resolves one setting: the flag if given, else the environment variable `envName` if set and non-empty,
 * else the configuration file's value, else `defaultValue`.
 */
export function resolveSetting<T>(
  flag: T | undefined,
  envName: string,
  configValue: T | undefined,
  defaultValue: T,
  options: ResolveSettingOptions<T> = {},
): T {
  return resolveSettingWithSource(flag, envName, configValue, defaultValue, options).value;
}

/** `resolveSetting`, also telling where the value came from. */
export function resolveSettingWithSource<T>(
  flag: T | undefined,
  envName: string,
  configValue: T | undefined,
  defaultValue: T,
  options: ResolveSettingOptions<T> = {},
): { readonly value: T; readonly source: SettingSource } {
  if (flag !== undefined) return { value: flag, source: 'flag' };
  const text = (options.env ?? process.env)[envName];
  if (text !== undefined && text !== '') {
    // Without a parser the setting is textual, so the variable's text is the value.
    const value = options.parse ? options.parse(text) : (text as unknown as T);
    return { value, source: 'env' };
  }
  if (configValue !== undefined) return { value: configValue, source: 'config' };
  return { value: defaultValue, source: 'default' };
}

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;
const SECRET_NAME = /pass|secret|token|credential|key/i;

/**
 * Replaces `${NAME}` and `${NAME:-fallback}` in `text` with environment values. Values of variables whose
 * name suggests a secret are registered to be scrubbed from output. A `${` not matching the syntax is kept.
 */
export function expandEnvReferences(
  text: string,
  where: { readonly file: string; readonly line: number },
  env: Environment = process.env,
): string {
  return text.replace(REFERENCE, (match, name: string | undefined, fallback: string | undefined) => {
    if (name === undefined) return '${';
    const value = env[name];
    if (value !== undefined && value !== '') {
      if (SECRET_NAME.test(name)) registerSecret(value);
      return value;
    }
    if (fallback !== undefined) return fallback;
    throw new DoppelError(
      'invalidInput',
      `${where.file}:${where.line}: the environment variable ${name} is not set (referenced as ${match}).`,
    );
  });
}

/**
 * Parses a YAML configuration file's text into a plain object, expanding environment references in string
 * values (never in comments or keys). `file` names the file in errors.
 */
export function parseConfigText(
  text: string,
  file: string,
  env: Environment = process.env,
): Record<string, unknown> {
  const { document, problems, lineOfNode } = readYaml(text);
  const problem = problems[0];
  if (problem !== undefined)
    throw new DoppelError('invalidInput', `${file}:${problem.line}: ${problem.message}.`);
  visit(document, {
    Scalar(key, node) {
      if (key === 'key' || typeof node.value !== 'string' || !node.value.includes('${')) return;
      const line = lineOfNode(node) ?? 1;
      node.value = expandEnvReferences(node.value, { file, line }, env);
    },
  });
  const value: unknown = document.toJS();
  if (value === null || value === undefined) return {};
  if (typeof value !== 'object' || Array.isArray(value))
    throw new DoppelError('invalidInput', `${file}:1: a configuration file must be a mapping of settings.`);
  return value as Record<string, unknown>;
}

/**
 * Finds the configuration file to read: the `--config` flag, else `DOPPEL_CONFIG`, else `doppel.yaml` in
 * `cwd`. Returns the path and whether it was named explicitly (an explicit file must exist).
 */
export function resolveConfigPath(
  flag: string | undefined,
  cwd: string = process.cwd(),
  env: Environment = process.env,
): { readonly path: string; readonly explicit: boolean } {
  const named = flag ?? (env.DOPPEL_CONFIG === '' ? undefined : env.DOPPEL_CONFIG);
  const path = named ?? DEFAULT_CONFIG_FILE;
  return { path: isAbsolute(path) ? path : resolve(cwd, path), explicit: named !== undefined };
}

/**
 * Reads a configuration file. A missing default file gives `{}`; a missing explicitly named file, an
 * unreadable one or invalid YAML is an error naming the file.
 */
export async function readConfigFile(
  location: { readonly path: string; readonly explicit: boolean },
  env: Environment = process.env,
): Promise<Record<string, unknown>> {
  let text: string;
  try {
    text = await readFile(location.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && !location.explicit) return {};
    const reason = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? 'unknown error'})`;
    throw new DoppelError('invalidInput', `The configuration file ${location.path} ${reason}.`, {
      cause: error,
    });
  }
  return parseConfigText(text, location.path, env);
}

/** The value at a dotted path (`serve.port`) in a parsed configuration file, or undefined. */
export function getConfigValue(config: Readonly<Record<string, unknown>>, path: string): unknown {
  let current: unknown = config;
  for (const key of path.split('.')) {
    if (typeof current !== 'object' || current === null || Array.isArray(current)) return undefined;
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}
