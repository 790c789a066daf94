/** Output modes: results on stdout as text, as JSON under --json, nothing under --quiet; all scrubbed. */
import { describe, expect, it } from 'vitest';
import { createContext, type GlobalOptions } from '../../../src/cli/context.js';
import { silentLogger } from '../../../src/shared/log.js';
import { registerSecret } from '../../../src/shared/redact.js';

function capture(options: Partial<GlobalOptions>, isTTY = false) {
  const out: string[] = [];
  const err: string[] = [];
  const context = createContext(
    () => ({ json: false, quiet: false, logLevel: 'info', ...options }),
    { stdout: (text) => out.push(text), stderr: (text) => err.push(text), isTTY },
    silentLogger,
    new AbortController().signal,
  );
  return { context, out, err };
}

describe('context.output', () => {
  const value = { rows: 3, dataset: 'public.orders' };

  it('prints the human text with a final newline by default', () => {
    const { context, out } = capture({});
    context.output(value, () => 'public.orders: 3 rows');
    expect(out).toEqual(['public.orders: 3 rows\n']);
  });

  it('prints the value as JSON under --json, even with --quiet', () => {
    for (const quiet of [false, true]) {
      const { context, out } = capture({ json: true, quiet });
      context.output(value, () => 'ignored');
      expect(JSON.parse(out.join(''))).toEqual(value);
    }
  });

  it('prints nothing under --quiet', () => {
    const { context, out } = capture({ quiet: true });
    context.output(value, () => 'public.orders: 3 rows');
    expect(out).toEqual([]);
  });

  it('scrubs secrets from results', () => {
    registerSecret('ctx-s3cret');
    const { context, out } = capture({ json: true });
    context.output({ url: 'postgres://u:ctx-s3cret@h/db' }, () => '');
    expect(out.join('')).not.toContain('ctx-s3cret');
  });
});

describe('context.progress', () => {
  it('rewrites one line on a TTY', () => {
    const { context, err } = capture({}, true);
    context.progress('sampled 10 rows');
    expect(err).toEqual(['\r\x1b[2Ksampled 10 rows']);
  });

  it('prints lines when not a TTY at info or debug, and nothing under --quiet or warn', () => {
    expect(
      (() => {
        const { context, err } = capture({ logLevel: 'info' });
        context.progress('step');
        return err;
      })(),
    ).toEqual(['step\n']);
    for (const options of [{ quiet: true }, { logLevel: 'warn' as const }]) {
      const { context, err } = capture(options);
      context.progress('step');
      expect(err).toEqual([]);
    }
  });
});
