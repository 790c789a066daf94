/** The exit-code table: every user error kind has its code, anything else is internal (5). */
import { describe, expect, it } from 'vitest';
import { DoppelError, type ErrorKind, EXIT, exitCodeOf } from '../../../src/shared/errors.js';

describe('exit codes', () => {
  it('keeps the documented table', () => {
    expect(EXIT).toEqual({
      ok: 0,
      checkFailed: 1,
      usage: 2,
      connection: 3,
      invalidInput: 4,
      internal: 5,
      refused: 6,
      cancelled: 130,
    });
  });

  it('gives every code a distinct meaning', () => {
    const codes = Object.values(EXIT);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it.each(Object.keys(EXIT).filter((kind) => kind !== 'ok' && kind !== 'internal') as ErrorKind[])(
    'maps a DoppelError of kind %s to its code',
    (kind) => {
      const error = new DoppelError(kind, 'Something named went wrong.');
      expect(error.exitCode).toBe(EXIT[kind]);
      expect(exitCodeOf(error)).toBe(EXIT[kind]);
      expect(error.name).toBe('DoppelError');
    },
  );

  it('maps anything else to internal', () => {
    expect(exitCodeOf(new Error('boom'))).toBe(5);
    expect(exitCodeOf(new TypeError('x is undefined'))).toBe(5);
    expect(exitCodeOf('a string')).toBe(5);
    expect(exitCodeOf(undefined)).toBe(5);
  });

  it('keeps cause and details', () => {
    const cause = new Error('ECONNREFUSED');
    const error = new DoppelError('connection', 'Cannot connect to db:5432.', { cause, details: ['hint'] });
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual(['hint']);
  });
});
