/**
 * A clock tests move by hand: `now()` stays where it was set, and `advance` fires the timers that fall due on
 * the way, in time order, with `now()` at each timer's time. No test waits on the wall clock.
 */
import type { Clock } from '../../src/api/schedules/clock.js';

interface Timer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

export class ManualClock implements Clock {
  #now: number;
  #timers: Timer[] = [];
  #nextId = 1;

  constructor(start: Date | string) {
    this.#now = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.#now);
  }

  setTimer(callback: () => void, milliseconds: number): unknown {
    const timer = { id: this.#nextId++, at: this.#now + milliseconds, callback };
    this.#timers.push(timer);
    return timer.id;
  }

  clearTimer(handle: unknown): void {
    this.#timers = this.#timers.filter((timer) => timer.id !== handle);
  }

  /** Timers waiting. */
  get pending(): number {
    return this.#timers.length;
  }

  /** Moves the clock to `until`, firing every timer due by then (and timers those set, if due). */
  advanceTo(until: Date | string): void {
    const end = new Date(until).getTime();
    for (;;) {
      const due = this.#timers
        .filter((timer) => timer.at <= end)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (due === undefined) break;
      this.#timers = this.#timers.filter((timer) => timer !== due);
      this.#now = Math.max(this.#now, due.at);
      due.callback();
    }
    this.#now = Math.max(this.#now, end);
  }
}
