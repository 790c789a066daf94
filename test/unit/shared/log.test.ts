/** Diagnostics: levels filter lines, and the level is read on every call (the CLI parses it late). */
import { describe, expect, it } from 'vitest';
import { createLogger, type LogLevel } from '../../../src/shared/log.js';

describe('createLogger', () => {
  it('writes lines at or above the level, prefixing all but info', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (line) => lines.push(line) });
    log.error('e');
    log.warn('w');
    log.info('i');
    log.debug('d');
    expect(lines).toEqual(['error: e', 'warn: w']);
  });

  it('follows a level that changes after the logger was created', () => {
    const lines: string[] = [];
    let level: LogLevel = 'info';
    const log = createLogger({
      get level() {
        return level;
      },
      write: (line) => lines.push(line),
    });
    log.debug('hidden');
    level = 'debug';
    log.debug('shown');
    expect(lines).toEqual(['debug: shown']);
  });
});
