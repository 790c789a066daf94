/**
 * A column's field texts left where they were decoded: each row's text is a range of one longer text (a
 * decoded COPY chunk), so a consumer that needs only lengths and hashes of most values (the profiler) makes
 * no string per value. A field that is not a plain range of that text (it had escapes, or it came from a line
 * across two chunks) is held as a string of its own.
 */
import { Buffer } from 'node:buffer';
import type { Value } from './values.js';

export interface TextSpans {
  /** The text the ranges are in. */
  readonly text: string;
  /**
   * Each row's start in `text`; `NULL_SPAN` for NULL, and `-2 - k` for a field held as `others[k]`.
   */
  readonly starts: Int32Array;
  /** Each row's end in `text` (for a range). */
  readonly ends: Int32Array;
  /** The fields that are not ranges of `text`. */
  readonly others: readonly string[];
  /**
   * Bytes in which byte i is character i of `text` over every range, whose characters are then all ASCII: for
   * reading several characters at once. Absent when some range is not ASCII.
   */
  readonly ascii?: DataView;
  /**
   * The ranges were not checked for ASCII (a decoder leaves that to a consumer that reads each range's bytes
   * anyway, see `CopyBinaryDecoder.readInPlace`): a range is its field's text when its bytes in `ascii`
   * (always given then) are all ASCII, and the UTF-8 text of those bytes otherwise (`rangeText`).
   */
  readonly unchecked?: boolean;
}

export const NULL_SPAN = -1;

/** Row `index`'s text (null for NULL). */
export function spanText(spans: TextSpans, index: number): string | null {
  const start = spans.starts[index]!;
  if (start >= 0) return rangeText(spans, start, spans.ends[index]!);
  return start === NULL_SPAN ? null : spans.others[-2 - start]!;
}

/** The text of the range from `start` to `end` of `spans` (see `TextSpans.unchecked`). */
export function rangeText(spans: TextSpans, start: number, end: number): string {
  const { ascii } = spans;
  if (spans.unchecked !== true || ascii === undefined || isAsciiRange(ascii, start, end))
    return spans.text.slice(start, end);
  return Buffer.from(ascii.buffer, ascii.byteOffset, ascii.byteLength).toString('utf8', start, end);
}

/** Whether the bytes from `start` to `end` are all ASCII. */
export function isAsciiRange(view: DataView, start: number, end: number): boolean {
  let high = 0;
  let at = start;
  for (; at + 4 <= end; at += 4) high |= view.getInt32(at, true);
  for (; at < end; at++) high |= view.getUint8(at);
  return (high & 0x80808080) === 0;
}

/** Row `index`'s value: `parse` of its text (null for NULL). */
export function spanValue(spans: TextSpans, index: number, parse: (text: string) => Value): Value {
  const text = spanText(spans, index);
  return text === null ? null : parse(text);
}
