/**
 * Number formatting shared by the profiler and the task-file writer, so that the same measurement always
 * prints the same way and floating-point noise (0.30000000000000004) never reaches a file.
 */

/** Digits kept for floats when saving: enough for any measured value, few enough to drop binary noise. */
export const SAVED_DIGITS = 15;

/**
 * Rounds `x` to `digits` significant digits (`roundSignificant(123456, 3)` is 123000,
 * `roundSignificant(0.012345, 2)` is 0.012). Non-finite values and 0 are returned as they are.
 */
export function roundSignificant(x: number, digits: number): number {
  if (!Number.isFinite(x) || x === 0) return x;
  const whole = Math.max(1, Math.min(100, Math.trunc(digits)));
  const rounded = Number(x.toPrecision(whole));
  return Object.is(rounded, -0) ? 0 : rounded;
}

/** Removes floating-point noise from a number about to be saved; integers pass through unchanged. */
export function cleanNumber(x: number): number {
  if (Object.is(x, -0)) return 0;
  return Number.isInteger(x) ? x : roundSignificant(x, SAVED_DIGITS);
}
