// The pacer against a clock the test moves: sleeping advances it at once, and work takes the time the test
// says. No test waits on the wall clock or asserts a wall-clock duration.
import { describe, expect, test } from 'vitest';
import type { PaceClock } from '../../../../src/sources/contract.js';
import { Pacer, parseDuration, parseRate } from '../../../../src/sources/kafka/pacer.js';

function fakeClock(start = 1_000): PaceClock & { time: number; sleeps: number[] } {
  const clock = {
    time: start,
    sleeps: [] as number[],
    now: () => clock.time,
    sleep: async (ms: number) => {
      clock.sleeps.push(ms);
      clock.time += ms;
    },
  };
  return clock;
}

/** Sends `count` records through the pacer; `work` milliseconds pass after each. Returns release times. */
async function run(pacer: Pacer, clock: ReturnType<typeof fakeClock>, count: number, work = 0) {
  const released: number[] = [];
  for (let index = 0; index < count; index++) {
    await pacer.untilDue();
    released.push(clock.now());
    pacer.record();
    clock.time += work;
  }
  return released;
}

describe('Pacer', () => {
  test('releases 2,000 records at 500/s on the schedule: record n at start + 2n ms', async () => {
    const clock = fakeClock();
    const pacer = new Pacer(500, clock);
    const released = await run(pacer, clock, 2_000);
    expect(released[0]).toBe(1_000);
    expect(released.every((at, index) => Math.abs(at - (1_000 + index * 2)) < 1e-9)).toBe(true);
    expect(released.at(-1)! - released[0]!).toBeCloseTo(3_998, 9);
    const status = pacer.status();
    expect(status.records).toBe(2_000);
    expect(status.lag).toBe(0);
    expect(status.rate).toBeCloseTo(2_000 / 3.998, 6);
  });

  test('a stream slower than the schedule is sent at once and reports its lag', async () => {
    const clock = fakeClock(0);
    const pacer = new Pacer(100, clock);
    // Each record takes 15 ms of work where the schedule allows 10 ms.
    await run(pacer, clock, 100, 15);
    expect(clock.sleeps).toEqual([]);
    // 100 records sent by t = 1500 ms; the 101st was due at 1000 ms.
    expect(pacer.status().lag).toBeCloseTo(0.5, 9);
  });

  test('falling behind and catching up: no burst beyond the schedule after a stall', async () => {
    const clock = fakeClock(0);
    const pacer = new Pacer(10, clock);
    await run(pacer, clock, 5);
    clock.time += 1_000; // a stall: records 5.. are late
    const released = await run(pacer, clock, 15);
    // Late records go at once until the schedule is met again, then every 100 ms.
    const onTime = released.filter((at, index) => at === (5 + index) * 100);
    expect(onTime.length).toBeGreaterThan(0);
    expect(released.every((at, index) => at >= (5 + index) * 100)).toBe(true);
    expect(pacer.status().lag).toBe(0);
  });

  test('waits under a millisecond are not slept (timers cannot do better)', async () => {
    const clock = fakeClock(0);
    const pacer = new Pacer(5_000, clock);
    const released = await run(pacer, clock, 10);
    // Five records share the first millisecond; the sixth waits a whole one.
    expect(clock.sleeps).toEqual([1]);
    expect(released.every((at, index) => at <= index * 0.2 && at > index * 0.2 - 1)).toBe(true);
  });
});

describe('parseRate and parseDuration', () => {
  test('rates per second, minute and hour', () => {
    expect(parseRate('500/s')).toBe(500);
    expect(parseRate('500')).toBe(500);
    expect(parseRate('30000/m')).toBe(500);
    expect(parseRate('3600/h')).toBe(1);
    expect(parseRate('0/s')).toBeUndefined();
    expect(parseRate('fast')).toBeUndefined();
  });

  test('durations', () => {
    expect(parseDuration('10m')).toBe(600);
    expect(parseDuration('90')).toBe(90);
    expect(parseDuration('1h30m')).toBe(5_400);
    expect(parseDuration('500ms')).toBe(0.5);
    expect(parseDuration('10 minutes')).toBeUndefined();
    expect(parseDuration('0s')).toBeUndefined();
  });
});
