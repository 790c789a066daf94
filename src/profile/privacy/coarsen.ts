/**
 * Coarsening of numbers, instants and times so that no single row's value appears verbatim in a profile:
 * numbers to a few significant digits (of the value, or of the field's spread when that is finer: latitudes
 * between 52.3 and 52.7 keep three digits of their spread, 52.312, not 52.3), instants to the day (or minute
 * for time-of-day heavy data), times to the minute.
 */
import type { LineAxis } from '../measure/measure.js';

const DAY_MS = 86_400_000;
/** Instants spanning less than this keep their time of day (to the minute). */
const TIME_OF_DAY_SPAN_MS = 3 * DAY_MS;

/** Rounds `x` to `digits` significant digits; exact zero and non-finite values pass through. */
export function roundToSignificant(x: number, digits: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(digits));
}

/** Rounds `x` to `places` decimal places. */
export function roundToPlaces(x: number, places: number): number {
  const factor = 10 ** places;
  return Math.round(x * factor) / factor;
}

/** How the edges of one line-like field are written: numbers, or ISO text at a resolution. */
export interface EdgeFormat {
  readonly axis: LineAxis;
  readonly digits: number;
  /** For instants: keep the time of day (to the minute) rather than the day only. */
  readonly timeOfDay: boolean;
  /** Whole numbers: edges are rounded to integers too. */
  readonly integer?: boolean;
  /** Numbers: `digits` significant digits of the field's spread, used where finer than those of the value. */
  readonly quantum?: number;
}

/** Picks the edge format of a field from its axis and the span of its (tail) values. */
export function chooseEdgeFormat(axis: LineAxis, digits: number, low: number, high: number): EdgeFormat {
  const spread = high - low;
  return {
    axis,
    digits,
    timeOfDay: axis !== 'number' && axis !== 'date' && spread < TIME_OF_DAY_SPAN_MS,
    ...(axis === 'number' && spread > 0 && Number.isFinite(spread)
      ? { quantum: 10 ** (Math.floor(Math.log10(spread)) - digits + 1) }
      : {}),
  };
}

/** Rounds `x` to a multiple of `quantum` (a power of ten), written without binary noise. */
function roundToQuantum(x: number, quantum: number): number {
  const decimals = Math.max(0, -Math.round(Math.log10(quantum)));
  return Number((Math.round(x / quantum) * quantum).toFixed(Math.min(decimals, 100)));
}

/** Coarsens one value of the axis and writes it: a number, `YYYY-MM-DD`, an ISO instant or `HH:MM:00`. */
export function formatEdge(format: EdgeFormat, x: number): number | string {
  switch (format.axis) {
    case 'number': {
      const significant = roundToSignificant(x, format.digits);
      const ofValue =
        x === 0 || !Number.isFinite(x) ? 0 : 10 ** (Math.floor(Math.log10(Math.abs(x))) - format.digits + 1);
      const rounded =
        format.quantum !== undefined && format.quantum < ofValue
          ? roundToQuantum(x, format.quantum)
          : significant;
      return format.integer ? Math.round(rounded) : rounded;
    }
    case 'time': {
      const minutes = Math.round(x / 60);
      const hours = Math.min(Math.floor(minutes / 60), 24);
      return `${pad(hours)}:${pad(minutes % 60)}:00`;
    }
    case 'date':
      return new Date(Math.round(x / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
    default: {
      if (!format.timeOfDay) return new Date(Math.round(x / DAY_MS) * DAY_MS).toISOString().slice(0, 10);
      const iso = new Date(Math.round(x / 60_000) * 60_000).toISOString().slice(0, 19);
      return format.axis === 'timestamptz' ? `${iso}Z` : iso;
    }
  }
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}
