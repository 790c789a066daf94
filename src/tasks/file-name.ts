/**
 * Dataset file names inside a profile folder: safe on every file system and reversible.
 *
 * Only `a-z 0-9 _ . -` are kept; every other character (uppercase letters too, so that `Users` and `users`
 * cannot collide on a case-insensitive file system) becomes `~xx` (ASCII, two hex digits) or `~uxxxx` (any
 * other UTF-16 code unit). A leading dot, an empty name, and names the folder or Windows reserve (`plan`,
 * `con`, `nul`, ...) are escaped too. With several sources the source name comes first, joined by `+`
 * (which the escaping never produces). Names too long for a file system are cut and end in `~~<hash>`; those
 * are not reversible, and the plan's `file` entry is what maps them back.
 */
import { createHash } from 'node:crypto';

export const DATASET_FILE_EXTENSION = '.yaml';
export const PLAN_FILE_NAME = 'plan.yaml';

/** Longest file name stem produced (well below the 255-byte limit, also for encrypted home folders). */
const MAX_STEM_LENGTH = 120;
const HASH_LENGTH = 16;
const SOURCE_SEPARATOR = '+';
const EMPTY_PART = '~_';
const KEPT = /^[a-z0-9_.-]$/;
const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/;

/**
 * The file name of a dataset's task file. `source` is given when the profile has several sources (see
 * {@link assignDatasetFileNames}); pass `undefined` for a single-source profile.
 */
export function datasetFileName(source: string | undefined, name: string): string {
  const stem =
    source === undefined ? encodePart(name) : `${encodePart(source)}${SOURCE_SEPARATOR}${encodePart(name)}`;
  if (stem.length <= MAX_STEM_LENGTH) return `${stem}${DATASET_FILE_EXTENSION}`;
  const hash = createHash('sha256')
    .update(`${source ?? ''}\u0000${name}`)
    .digest('hex')
    .slice(0, HASH_LENGTH);
  return `${cutAtEscapeBoundary(stem, MAX_STEM_LENGTH - HASH_LENGTH - 2)}~~${hash}${DATASET_FILE_EXTENSION}`;
}

/** File names for every dataset of a profile, prefixed with the source only when there are several sources. */
export function assignDatasetFileNames(
  datasets: readonly { readonly source: string; readonly name: string }[],
): string[] {
  const several = new Set(datasets.map((dataset) => dataset.source)).size > 1;
  return datasets.map((dataset) => datasetFileName(several ? dataset.source : undefined, dataset.name));
}

/**
 * The source and dataset name a file name was made from, or undefined when `fileName` is not one that
 * {@link datasetFileName} produces (or was shortened with a hash and cannot be reversed).
 */
export function parseDatasetFileName(
  fileName: string,
): { readonly source?: string; readonly name: string } | undefined {
  if (!fileName.endsWith(DATASET_FILE_EXTENSION)) return undefined;
  const stem = fileName.slice(0, -DATASET_FILE_EXTENSION.length);
  const parts = stem.split(SOURCE_SEPARATOR);
  if (parts.length > 2) return undefined;
  const decoded = parts.map(decodePart);
  if (decoded.some((part) => part === undefined)) return undefined;
  const [first, second] = decoded as string[];
  const result = second === undefined ? { name: first ?? '' } : { source: first ?? '', name: second };
  return datasetFileName(result.source, result.name) === fileName ? result : undefined;
}

function encodePart(text: string): string {
  if (text === '') return EMPTY_PART;
  let encoded = '';
  for (let index = 0; index < text.length; index++) {
    const char = text.charAt(index);
    const code = text.charCodeAt(index);
    if (KEPT.test(char) && !(index === 0 && char === '.')) encoded += char;
    else if (code < 0x80) encoded += `~${code.toString(16).padStart(2, '0')}`;
    else encoded += `~u${code.toString(16).padStart(4, '0')}`;
  }
  const base = encoded.split('.')[0] ?? encoded;
  if (encoded === 'plan' || WINDOWS_RESERVED.test(base))
    encoded = `~${encoded.charCodeAt(0).toString(16)}${encoded.slice(1)}`;
  return encoded;
}

function decodePart(text: string): string | undefined {
  if (text === EMPTY_PART) return '';
  let decoded = '';
  let index = 0;
  while (index < text.length) {
    const char = text.charAt(index);
    if (char !== '~') {
      if (!KEPT.test(char)) return undefined;
      decoded += char;
      index += 1;
      continue;
    }
    const unit = text.charAt(index + 1) === 'u';
    const digits = unit ? text.slice(index + 2, index + 6) : text.slice(index + 1, index + 3);
    if (!/^[0-9a-f]+$/.test(digits) || digits.length !== (unit ? 4 : 2)) return undefined;
    decoded += String.fromCharCode(Number.parseInt(digits, 16));
    index += unit ? 6 : 3;
  }
  return decoded;
}

/** `text` cut to at most `length` characters without splitting a `~xx` or `~uxxxx` escape. */
function cutAtEscapeBoundary(text: string, length: number): string {
  const cut = text.slice(0, length);
  const lastEscape = cut.lastIndexOf('~', length - 1);
  if (lastEscape === -1) return cut;
  const escapeLength = cut.charAt(lastEscape + 1) === 'u' ? 6 : 3;
  return lastEscape + escapeLength > length ? cut.slice(0, lastEscape) : cut;
}
