/** The folder of a file target: created level by level, cancellable, refused (6) where it cannot hold files. */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { prepareOutputDirectory } from '../../../src/generate/output/sinks/output-directory.js';
import { DoppelError } from '../../../src/shared/errors.js';

describe('prepareOutputDirectory', () => {
  const dir = mkdtempSync(join(tmpdir(), 'doppel-output-directory-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('creates missing levels and returns the folder', async () => {
    const target = join(dir, 'a', 'b', 'c');
    expect(await prepareOutputDirectory(target)).toBe(target);
    expect(existsSync(target)).toBe(true);
    expect(await prepareOutputDirectory(target)).toBe(target);
  });

  it('stops when cancelled, before creating anything', async () => {
    const controller = new AbortController();
    controller.abort();
    const target = join(dir, 'never', 'made');
    const error = await prepareOutputDirectory(target, controller.signal).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DoppelError);
    expect((error as DoppelError).kind).toBe('cancelled');
    expect(existsSync(join(dir, 'never'))).toBe(false);
  });

  it('refuses a file, a path below a file and procfs as the target refusing', async () => {
    const file = join(dir, 'file.csv');
    writeFileSync(file, 'x\n');
    for (const [target, message] of [
      [file, 'is a file, not a folder'],
      [join(file, 'below'), 'lies under a file, not a folder'],
      ['/proc/self/doppel', 'is on procfs'],
    ] as const) {
      const error = await prepareOutputDirectory(target).catch((caught: unknown) => caught);
      expect(error, target).toBeInstanceOf(DoppelError);
      expect((error as DoppelError).kind).toBe('refused');
      expect((error as DoppelError).message).toContain(`The target ${target} ${message}`);
    }
  });
});
