/**
 * Responses never carry the server's absolute paths (the log may): paths under a root the service knows
 * (profiles, output, state) are shown relative to it, and in error messages any other absolute path is cut
 * down to its last part.
 */
import { realpathSync } from 'node:fs';
import { resolve, sep } from 'node:path';

/** Known roots, longest first, each with and without symbolic links resolved. */
let roots: string[] = [];

/** Registers a folder whose paths responses show relative to it. */
export function registerServerRoot(root: string): void {
  const forms = [resolve(root)];
  try {
    forms.push(realpathSync(root));
  } catch {
    // A root that does not exist yet has only its resolved form.
  }
  roots = [...new Set([...roots, ...forms])]
    .filter((form) => form !== sep)
    .sort((a, b) => b.length - a.length);
}

/** `text` with every path under a registered root written relative to that root. */
export function relativeToRoots(text: string): string {
  let result = text;
  for (const root of roots) {
    if (!result.includes(root)) continue;
    result = result.split(`${root}${sep}`).join('').split(root).join('.');
  }
  return result;
}

/** An absolute path of two or more parts, starting a word or after a quote or bracket. */
const ABSOLUTE_PATH = /(^|[\s'"(=[])(\/(?:[^\s'"()<>,;[\]]+\/)+)([^\s'"()<>,;[\]]*)/g;

/** `text` for an error response: registered roots made relative, any other absolute path cut to its end. */
export function hideServerPaths(text: string): string {
  return relativeToRoots(text).replace(
    ABSOLUTE_PATH,
    (_match, before: string, _dirs: string, last: string) =>
      last === '' ? `${before}…/` : `${before}…/${last}`,
  );
}
