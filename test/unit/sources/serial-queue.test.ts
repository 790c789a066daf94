import { describe, expect, test } from 'vitest';
import { createSerialQueue } from '../../../src/sources/serial-queue.js';

describe('createSerialQueue', () => {
  test('runs operations one at a time in order, and a failure does not stop the next', async () => {
    const enqueue = createSerialQueue();
    const events: string[] = [];
    let release = () => {};
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const first = enqueue(
      'first',
      undefined,
      () => {},
      async () => {
        events.push('first starts');
        await gate;
        events.push('first ends');
        throw new Error('first failed');
      },
    );
    const second = enqueue(
      'second',
      undefined,
      () => {},
      async () => {
        events.push('second runs');
        return 2;
      },
    );
    await Promise.resolve();
    expect(events).toEqual(['first starts']);
    release();
    await expect(first).rejects.toThrow('first failed');
    await expect(second).resolves.toBe(2);
    expect(events).toEqual(['first starts', 'first ends', 'second runs']);
  });

  test('an operation whose signal aborted never starts; aborting a running one calls cancel', async () => {
    const enqueue = createSerialQueue();
    const aborted = new AbortController();
    aborted.abort();
    let started = false;
    await expect(
      enqueue(
        'reading public.orders',
        aborted.signal,
        () => {},
        async () => {
          started = true;
        },
      ),
    ).rejects.toThrow('Cancelled while reading public.orders.');
    expect(started).toBe(false);

    const running = new AbortController();
    let cancelled = 0;
    const result = enqueue(
      'sampling',
      running.signal,
      () => cancelled++,
      async () => {
        running.abort();
        return 'done';
      },
    );
    await expect(result).resolves.toBe('done');
    expect(cancelled).toBe(1);
    running.abort();
    expect(cancelled).toBe(1);
  });
});
