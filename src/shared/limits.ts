/**
 * The size limits every front end enforces with the same numbers: the CLI's option parsing and scenario
 * loading, and the HTTP service (openapi.yaml declares them as `maximum`s and in `x-limits`; a unit test
 * keeps that file and these numbers equal). A request or flag beyond a limit is a usage error before any
 * work starts.
 */
export const LIMITS = {
  /** Rows asked for one dataset (`--rows name=N`, a request's `rows`, a scenario's `rows`). */
  rowsPerDataset: 1_000_000_000,
  /** The factor on every profiled row count (`--scale`, a request's `scale`). */
  scale: 1_000,
  /** Rows sampled per dataset while profiling (`--sample-rows`, a request's `sampleRows`). */
  sampleRows: 10_000_000,
  /** A request body, in bytes. */
  bodyBytes: 1_048_576,
  /** Nesting of objects and lists in a request body or an inline or file scenario. */
  depth: 32,
} as const;

/** How deeply `value` nests objects and lists (a scalar is 0), found without recursion. */
export function nestingDepth(value: unknown): number {
  let deepest = 0;
  const pending: [unknown, number][] = [[value, 0]];
  while (pending.length > 0) {
    const [current, depth] = pending.pop()!;
    if (typeof current !== 'object' || current === null) continue;
    const inside = depth + 1;
    if (inside > deepest) deepest = inside;
    for (const child of Array.isArray(current) ? current : Object.values(current))
      if (typeof child === 'object' && child !== null) pending.push([child, inside]);
  }
  return deepest;
}
