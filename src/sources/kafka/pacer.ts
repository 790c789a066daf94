/**
 * Pacing a record stream at a fixed rate (`--rate 500/s`): record n is due at start + n / rate, the schedule
 * starting when the first record is released. The clock is injected, so the schedule is tested with a fake clock and no
 * waiting. A stream that falls behind (a slow broker) is not made to catch up in a burst beyond what the
 * schedule says: it sends as fast as it can until it is on time again, and reports how far behind it is.
 */
import type { PaceClock, PaceStatus } from '../contract.js';

/** The real clock: `performance.now()` and timers. */
export const SYSTEM_CLOCK: PaceClock = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** A rate as `--rate` takes it: `500`, `500/s`, `30000/m`, `1e6/h`; records per second. */
export function parseRate(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*(?:\/\s*(s|sec|second|m|min|minute|h|hour))?\s*$/i.exec(text);
  if (match === null) return undefined;
  const count = Number(match[1]);
  const unit = (match[2] ?? 's').toLowerCase();
  const seconds = unit.startsWith('h') ? 3600 : unit.startsWith('m') ? 60 : 1;
  const rate = count / seconds;
  return Number.isFinite(rate) && rate > 0 ? rate : undefined;
}

/** A duration as `--duration` takes it: `90`, `90s`, `10m`, `2h`, `1h30m`; seconds. */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (/^\d+(?:\.\d+)?$/.test(trimmed)) return Number(trimmed) > 0 ? Number(trimmed) : undefined;
  const parts = [...trimmed.matchAll(/(\d+(?:\.\d+)?)\s*(ms|h|m|s)/gi)];
  if (parts.length === 0 || parts.map((part) => part[0]).join('') !== trimmed.replace(/\s+/g, ''))
    return undefined;
  const units: Readonly<Record<string, number>> = { h: 3600, m: 60, s: 1, ms: 0.001 };
  const seconds = parts.reduce((sum, part) => sum + Number(part[1]) * units[part[2]!.toLowerCase()]!, 0);
  return seconds > 0 ? seconds : undefined;
}

export class Pacer {
  private started: number | undefined;
  private sent = 0;

  constructor(
    /** Records per second. */
    readonly rate: number,
    private readonly clock: PaceClock,
  ) {}

  /** Milliseconds until the next record is due (0 when it is due now or late, and for the first record). */
  wait(): number {
    if (this.started === undefined) return 0;
    return Math.max(0, this.dueAt(this.sent) - this.clock.now());
  }

  /**
   * Waits until the next record is due. Timers count whole milliseconds (Node truncates 1.7 to 1), so a wait
   * is rounded up, and a wait under a millisecond is not slept: the record goes within a millisecond of its slot.
   */
  async untilDue(signal?: AbortSignal): Promise<void> {
    for (let wait = this.wait(); wait >= 1; wait = this.wait())
      await this.clock.sleep(Math.ceil(wait), signal);
  }

  /**
   * Counts `count` records as released at `at` (default now). The first release starts the schedule, so
   * record n is never released before the first one's time + n / rate.
   */
  record(count = 1, at: number = this.clock.now()): void {
    this.started ??= at;
    this.sent += count;
  }

  /** Records sent, the rate achieved and the lag behind the schedule. */
  status(): PaceStatus {
    const now = this.clock.now();
    const started = this.started ?? now;
    const seconds = (now - started) / 1000;
    return {
      records: this.sent,
      rate: seconds > 0 ? this.sent / seconds : 0,
      // Behind schedule when the next record was due before now.
      lag: this.started === undefined ? 0 : Math.max(0, now - this.dueAt(this.sent)) / 1000,
    };
  }

  private dueAt(index: number): number {
    return (this.started ?? 0) + (index * 1000) / this.rate;
  }
}
