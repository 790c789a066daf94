/**
 * How numbers, shares and axis positions read in a report. Values are shown as the profile stores them
 * (already coarsened by the privacy filter): formatting only shortens, it never adds precision.
 */

/** What a chart's horizontal axis measures, from the field's logical type. */
export type AxisKind = 'number' | 'date' | 'time';

/** A share 0..1 as a percentage: `12.3%`, `0.05%`, `<0.01%`. */
export function formatShare(share: number): string {
  if (share === 0) return '0%';
  const percent = share * 100;
  if (percent < 0.01) return '<0.01%';
  if (percent < 1) return `${trimZeros(percent.toFixed(2))}%`;
  return `${trimZeros(percent.toFixed(1))}%`;
}

/** A count with thousands separators: `1,203,311`. */
export function formatCount(count: number): string {
  return Math.round(count).toLocaleString('en-US');
}

/** A stored number as short as it reads: at most 4 significant digits past the integer part. */
export function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 1e15 || (magnitude > 0 && magnitude < 1e-4)) return value.toExponential(2);
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  return trimZeros(value.toPrecision(Math.max(4, Math.ceil(Math.log10(magnitude + 1)))));
}

/** A metric value for badges: points for `nulls`, a count for `classes`, 3 decimals for distances. */
export function formatMetric(metric: string, value: number): string {
  if (metric === 'classes') return String(value);
  return metric === 'nulls' ? `${trimZeros(value.toFixed(2))} pt` : value.toFixed(3);
}

/**
 * A position on an axis as a label: numbers as numbers, dates (epoch milliseconds) as days or, when the
 * axis spans less than three days, minutes; times (seconds since midnight) as `HH:MM`.
 */
export function formatAxisValue(value: number, axis: AxisKind, span = Number.POSITIVE_INFINITY): string {
  if (axis === 'number') return formatNumber(value);
  if (axis === 'time') {
    const minutes = Math.round(value / 60);
    return `${pad(Math.floor(minutes / 60) % 24)}:${pad(minutes % 60)}`;
  }
  const iso = new Date(value).toISOString();
  return span < 3 * 86_400_000 ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

function trimZeros(text: string): string {
  return text.includes('.') && !text.includes('e') ? text.replace(/\.?0+$/, '') : text;
}
