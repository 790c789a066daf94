/** Configuration precedence and `${VAR}` expansion in configuration files. */
// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings test ${VAR} references in configuration text.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  expandEnvReferences,
  parseConfigText,
  readConfigFile,
  resolveConfigPath,
  resolveSetting,
  resolveSettingWithSource,
} from '../../../src/shared/config.js';
import { DoppelError } from '../../../src/shared/errors.js';
import { redactText } from '../../../src/shared/redact.js';

describe('resolveSetting', () => {
  const env = { DOPPEL_SEED: '7' };
  const parse = (text: string) => Number(text);

  it('prefers the flag over environment, config and default', () => {
    expect(resolveSettingWithSource(1, 'DOPPEL_SEED', 3, 4, { env, parse })).toEqual({
      value: 1,
      source: 'flag',
    });
  });

  it('prefers the environment over config and default', () => {
    expect(resolveSettingWithSource(undefined, 'DOPPEL_SEED', 3, 4, { env, parse })).toEqual({
      value: 7,
      source: 'env',
    });
  });

  it('prefers the config over the default', () => {
    expect(resolveSettingWithSource(undefined, 'DOPPEL_SEED', 3, 4, { env: {}, parse })).toEqual({
      value: 3,
      source: 'config',
    });
  });

  it('falls back to the default, treating an empty variable as unset', () => {
    expect(resolveSetting(undefined, 'DOPPEL_SEED', undefined, 4, { env: { DOPPEL_SEED: '' }, parse })).toBe(
      4,
    );
  });

  it('uses the variable text as is for textual settings', () => {
    expect(
      resolveSetting<string>(undefined, 'DOPPEL_HOST', 'a', 'b', { env: { DOPPEL_HOST: '0.0.0.0' } }),
    ).toBe('0.0.0.0');
  });

  it('reads process.env by default', () => {
    process.env.DOPPEL_TEST_SETTING = 'from-env';
    try {
      expect(resolveSetting<string>(undefined, 'DOPPEL_TEST_SETTING', 'c', 'd')).toBe('from-env');
    } finally {
      delete process.env.DOPPEL_TEST_SETTING;
    }
  });

  it('lets the parser reject bad environment text', () => {
    const strict = (text: string) => {
      if (!/^\d+$/.test(text))
        throw new DoppelError('usage', `DOPPEL_SEED must be a whole number, not "${text}".`);
      return Number(text);
    };
    expect(() =>
      resolveSetting(undefined, 'DOPPEL_SEED', 1, 2, { env: { DOPPEL_SEED: 'x' }, parse: strict }),
    ).toThrow('DOPPEL_SEED must be a whole number');
  });
});

describe('expandEnvReferences', () => {
  const where = { file: 'doppel.yaml', line: 3 };

  it('replaces references, applies fallbacks and keeps escaped ones', () => {
    const env = { HOST: 'db.internal', PORT: '6432' };
    expect(expandEnvReferences('${HOST}:${PORT}/${DB:-app} $${HOST}', where, env)).toBe(
      'db.internal:6432/app ${HOST}',
    );
  });

  it('names the file, the line and the variable when one is missing', () => {
    const attempt = () => expandEnvReferences('postgres://u:${PGPASSWORD}@h/db', where, {});
    expect(attempt).toThrow(DoppelError);
    expect(attempt).toThrow('doppel.yaml:3: the environment variable PGPASSWORD is not set');
  });

  it('registers values of secret-looking variables so they are scrubbed from output', () => {
    const secret = 'expanded-s3cret-value';
    expandEnvReferences('${SOURCE_PASSWORD}', where, { SOURCE_PASSWORD: secret });
    expect(redactText(`connecting with ${secret}`)).toBe('connecting with ***');
  });
});

describe('parseConfigText', () => {
  it('expands references in string values only, not in comments', () => {
    const text = [
      '# ${NOT_EXPANDED} in a comment',
      'source: postgres://reader:${PW}@db/app',
      'generate:',
      '  seed: 42',
      '  target: ${TARGET:-out}',
    ].join('\n');
    expect(parseConfigText(text, 'doppel.yaml', { PW: 'pw1' })).toEqual({
      source: 'postgres://reader:pw1@db/app',
      generate: { seed: 42, target: 'out' },
    });
  });

  it('reports the line of a missing variable', () => {
    const text = 'a: 1\nb:\n  c: "${MISSING_VAR}"\n';
    expect(() => parseConfigText(text, '/etc/doppel.yaml', {})).toThrow(
      '/etc/doppel.yaml:3: the environment variable MISSING_VAR is not set',
    );
  });

  it('reports YAML syntax errors with file and line', () => {
    expect(() => parseConfigText('a: 1\nb: [1, 2\nc: 3\n', 'bad.yaml', {})).toThrow(/^bad\.yaml:\d+: /);
  });

  it('rejects a duplicate key, naming the file and its line', () => {
    expect(() => parseConfigText('serve:\n  port: 1\n  port: 2\n', 'doppel.yaml', {})).toThrow(
      'doppel.yaml:3: duplicate key "port" (each key may appear once in a mapping).',
    );
  });

  it('rejects a file that is not a mapping', () => {
    expect(() => parseConfigText('- a\n- b\n', 'list.yaml', {})).toThrow(
      'list.yaml:1: a configuration file must be',
    );
  });

  it('reads an empty file as no settings', () => {
    expect(parseConfigText('', 'empty.yaml', {})).toEqual({});
  });
});

describe('configuration files on disk', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doppel-config-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('finds the file from the flag, then DOPPEL_CONFIG, then doppel.yaml in the working directory', () => {
    expect(resolveConfigPath('x.yaml', dir, { DOPPEL_CONFIG: 'y.yaml' })).toEqual({
      path: join(dir, 'x.yaml'),
      explicit: true,
    });
    expect(resolveConfigPath(undefined, dir, { DOPPEL_CONFIG: '/abs/y.yaml' })).toEqual({
      path: '/abs/y.yaml',
      explicit: true,
    });
    expect(resolveConfigPath(undefined, dir, {})).toEqual({
      path: join(dir, 'doppel.yaml'),
      explicit: false,
    });
  });

  it('reads and expands a file', async () => {
    await writeFile(join(dir, 'doppel.yaml'), 'seed: ${SEED}\n');
    expect(await readConfigFile(resolveConfigPath(undefined, dir, {}), { SEED: '9' })).toEqual({ seed: '9' });
  });

  it('treats a missing default file as empty and a missing named file as an error', async () => {
    expect(await readConfigFile(resolveConfigPath(undefined, dir, {}))).toEqual({});
    await expect(readConfigFile(resolveConfigPath('nope.yaml', dir, {}))).rejects.toThrow(
      `The configuration file ${join(dir, 'nope.yaml')} does not exist.`,
    );
  });
});
