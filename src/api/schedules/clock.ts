/**
 * The time a scheduler reads and the timers it sets, behind one small interface so that tests drive a
 * schedule with a clock of their own and never wait on the wall clock.
 */

export interface Clock {
  now(): Date;
  /** Calls `callback` after `milliseconds`; returns a handle for `clearTimer`. */
  setTimer(callback: () => void, milliseconds: number): unknown;
  clearTimer(handle: unknown): void;
}

/** The longest wait `setTimeout` takes (about 24.8 days); longer waits are re-armed when they end. */
export const LONGEST_TIMER_MS = 2_147_483_647;

/** The machine's clock and Node's timers (unref'd: a waiting schedule never keeps a process alive). */
export const systemClock: Clock = {
  now: () => new Date(),
  setTimer: (callback, milliseconds) => setTimeout(callback, milliseconds).unref(),
  clearTimer: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
