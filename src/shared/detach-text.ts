/**
 * A copy of `value` that shares no memory with the text it was cut from. Values decoded from a source are
 * slices of a whole network chunk's text (sources/postgres/copy-text.ts): a sketch or reservoir that keeps
 * one for longer than its batch keeps a copy, or it would hold the whole chunk in memory.
 *
 * Engines copy short slices anyway (V8 below 13 characters); a longer one is rebuilt as a new flat string
 * (prefixed, flattened, then cut again: about 60 ns, a third of an encoding round trip).
 */
export function detachText(value: string): string {
  return value.length < 13 ? value : ` ${value}`.slice(1);
}
