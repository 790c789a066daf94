/** The state directory: default, DOPPEL_STATE_DIR, creation, and never inside a profile folder. */
import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  ensureStateDir,
  findEnclosingProfile,
  resolveRunsDir,
  resolveStateDir,
} from '../../../src/shared/state-dir.js';

describe('state directory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'doppel-state-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('is .doppel in the working directory by default', () => {
    expect(resolveStateDir({}, dir)).toBe(join(dir, '.doppel'));
  });

  it('moves with DOPPEL_STATE_DIR, relative to the working directory', () => {
    expect(resolveStateDir({ DOPPEL_STATE_DIR: 'state' }, dir)).toBe(join(dir, 'state'));
    expect(resolveStateDir({ DOPPEL_STATE_DIR: '/var/lib/doppel' }, dir)).toBe('/var/lib/doppel');
    expect(resolveStateDir({ DOPPEL_STATE_DIR: '' }, dir)).toBe(join(dir, '.doppel'));
  });

  it('keeps run manifests in runs/', () => {
    expect(resolveRunsDir(join(dir, '.doppel'))).toBe(join(dir, '.doppel', 'runs'));
  });

  it('creates the directory and a subdirectory on demand', async () => {
    const tracked = await ensureStateDir({ cwd: dir, env: {}, subdir: 'tracked' });
    expect(tracked).toBe(join(dir, '.doppel', 'tracked'));
    expect((await stat(tracked)).isDirectory()).toBe(true);
  });

  it('refuses a state directory inside a profile folder', async () => {
    const profile = join(dir, 'profiles', 'shop');
    await mkdir(profile, { recursive: true });
    await writeFile(join(profile, 'plan.yaml'), 'version: 1\n');
    expect(findEnclosingProfile(join(profile, '.doppel'))).toBe(profile);
    await expect(ensureStateDir({ cwd: profile, env: {} })).rejects.toThrow(
      `The state directory ${join(profile, '.doppel')} is inside the profile folder ${profile}`,
    );
    await expect(
      ensureStateDir({ cwd: dir, env: { DOPPEL_STATE_DIR: join(profile, 'nested', 'state') } }),
    ).rejects.toThrow('is inside the profile folder');
    expect(findEnclosingProfile(join(dir, '.doppel'))).toBeNull();
  });
});
