/** Linear scales and readable tick positions for the report's SVG charts. */
import type { AxisKind } from '../format.js';

export interface LinearScale {
  (value: number): number;
  readonly domain: readonly [number, number];
}

/** Maps `[domainLow, domainHigh]` onto `[rangeLow, rangeHigh]`; a zero-width domain maps to the range's middle. */
export function linearScale(
  [domainLow, domainHigh]: readonly [number, number],
  [rangeLow, rangeHigh]: readonly [number, number],
): LinearScale {
  const span = domainHigh - domainLow;
  const scale = (value: number) =>
    span === 0
      ? (rangeLow + rangeHigh) / 2
      : rangeLow + ((value - domainLow) / span) * (rangeHigh - rangeLow);
  return Object.assign(scale, { domain: [domainLow, domainHigh] as const });
}

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const MONTH_STEPS = [1, 2, 3, 6, 12, 24, 60, 120] as const;

/**
 * About `count` tick positions inside `[low, high]`: round numbers (1, 2 or 5 times a power of ten); for
 * dates, the first of a month or a year when the span is long, whole days or hours when it is short.
 */
export function ticksOf(low: number, high: number, count: number, axis: AxisKind): number[] {
  if (!(high > low)) return [low];
  if (axis === 'date' && high - low > 60 * DAY) return monthTicks(low, high, count);
  const unit = axis === 'date' ? (high - low > 3 * DAY ? DAY : HOUR) : 1;
  const rough = (high - low) / unit / Math.max(1, count);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].find((factor) => factor * power >= rough) ?? 10) * power * unit;
  const ticks: number[] = [];
  for (let tick = Math.ceil(low / step) * step; tick <= high + step * 1e-9; tick += step)
    ticks.push(Number(tick.toPrecision(12)));
  return ticks;
}

/** First days of months `step` months apart (January-aligned), for date axes longer than two months. */
function monthTicks(low: number, high: number, count: number): number[] {
  const months = (high - low) / (30.44 * DAY);
  const step = MONTH_STEPS.find((candidate) => months / candidate <= count) ?? 120;
  const start = new Date(low);
  let year = start.getUTCFullYear();
  let month = Math.ceil((start.getUTCMonth() + (start.getUTCDate() > 1 ? 1 : 0)) / step) * step;
  const ticks: number[] = [];
  for (;;) {
    year += Math.floor(month / 12);
    month %= 12;
    const tick = Date.UTC(year, month, 1);
    if (tick > high) return ticks;
    if (tick >= low) ticks.push(tick);
    month += step;
  }
}

/** Ticks at 1, 2 and 5 times powers of ten inside `[low, high]` (only the powers when those are too many). */
export function logTicksOf(low: number, high: number, count: number): number[] {
  const ticks: number[] = [];
  for (let power = Math.floor(Math.log10(low)); 10 ** power <= high; power++)
    for (const factor of [1, 2, 5]) {
      const tick = Number((factor * 10 ** power).toPrecision(12));
      if (tick >= low && tick <= high) ticks.push(tick);
    }
  if (ticks.length <= count + 2) return ticks;
  const powers = ticks.filter((tick) => Number.isInteger(Math.log10(tick)));
  return powers.length >= 2 ? powers : ticks.filter((_, index) => index % 3 === 0);
}
