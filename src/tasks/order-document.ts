/**
 * Puts a plan or dataset document into its saved form: keys in the fixed order of `key-order.ts`, optional
 * keys that are undefined dropped, and numbers cleaned of floating-point noise. Free-form maps (categorical
 * weights, quantiles, constant values) keep their own order. Pure.
 */
import { KEY_ORDER, PARSED_CHECK_ORDER, RECIPE_ORDER, RULE_ORDER } from './key-order.js';
import { cleanNumber } from './round.js';
import type { DatasetTask, Plan } from './types.js';

/** How to order one value: an object with known keys, a list, a free map, a union by `kind`, or a leaf. */
type Shape =
  | {
      readonly object: Readonly<Record<string, unknown>>;
      readonly children?: Readonly<Record<string, Shape>>;
    }
  | { readonly list: Shape }
  | { readonly map: Shape }
  | {
      readonly byKind: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
      readonly children?: Readonly<Record<string, Shape>>;
    }
  | { readonly lazy: () => Shape }
  | 'leaf';

const leaf = 'leaf' as const;
const list = (shape: Shape): Shape => ({ list: shape });

const lengthStats: Shape = { object: KEY_ORDER.lengthStats };
const histogram: Shape = list(list(leaf));
const parsedCheck: Shape = { byKind: PARSED_CHECK_ORDER, children: { check: { lazy: () => parsedCheck } } };
const check: Shape = { object: KEY_ORDER.check, children: { parsed: parsedCheck } };
const relationEnd: Shape = { object: KEY_ORDER.relationEnd };
const relation: Shape = {
  object: KEY_ORDER.relation,
  children: {
    from: relationEnd,
    to: relationEnd,
    cardinality: { object: KEY_ORDER.cardinality, children: { histogram } },
  },
};
const type: Shape = {
  object: KEY_ORDER.type,
  children: {
    element: { lazy: () => type },
    range_of: { lazy: () => type },
    domain: { object: KEY_ORDER.domain, children: { checks: list(check) } },
    attributes: list({ object: KEY_ORDER.attribute, children: { type: { lazy: () => type } } }),
  },
};
const generator: Shape = {
  byKind: RECIPE_ORDER,
  children: {
    weights: { map: leaf },
    other: { object: KEY_ORDER.otherBucket, children: { length: lengthStats } },
    mixture: list({ object: KEY_ORDER.patternShare }),
    bins: histogram,
    length: lengthStats,
  },
};
const stats: Shape = {
  object: KEY_ORDER.stats,
  children: {
    quantiles: { map: leaf },
    length: lengthStats,
    top: list({ object: KEY_ORDER.topValue }),
    pattern: { object: KEY_ORDER.statsPattern },
    patterns: list({ object: KEY_ORDER.statsPatternShare }),
    decimals: { object: KEY_ORDER.statsDecimals },
    case: { object: KEY_ORDER.statsCase },
    domains: list({ object: KEY_ORDER.topValue }),
    local_shapes: list({ object: KEY_ORDER.topValue }),
    types: { map: leaf },
  },
};
const field: Shape = {
  object: KEY_ORDER.field,
  children: {
    type,
    semantic: { object: KEY_ORDER.semantic },
    generator,
    stats,
    fields: list({ lazy: () => field }),
    element: { lazy: () => field },
    map: { object: KEY_ORDER.mapTask, children: { size: lengthStats, value: { lazy: () => field } } },
  },
};

const PLAN_SHAPE: Shape = {
  object: KEY_ORDER.plan,
  children: {
    taken: { object: KEY_ORDER.taken },
    sampling: { object: KEY_ORDER.samplingSettings },
    privacy: {
      object: KEY_ORDER.privacySettings,
      children: { overrides: list({ object: KEY_ORDER.privacyOverride }) },
    },
    sources: list({ object: KEY_ORDER.planSource }),
    datasets: list({ object: KEY_ORDER.planDataset }),
    relations: list(relation),
  },
};

const DATASET_SHAPE: Shape = {
  object: KEY_ORDER.dataset,
  children: {
    dataset: {
      object: KEY_ORDER.datasetHeader,
      children: {
        collection: {
          object: KEY_ORDER.collection,
          children: { capped: { object: KEY_ORDER.capped }, time_series: { object: KEY_ORDER.timeSeries } },
        },
      },
    },
    sampling: { object: KEY_ORDER.datasetSampling },
    fields: list(field),
    keys: {
      object: KEY_ORDER.keys,
      children: { primary: { object: KEY_ORDER.namedFields }, unique: list({ object: KEY_ORDER.uniqueKey }) },
    },
    checks: list(check),
    exclusions: list({ object: KEY_ORDER.exclusion }),
    indexes: list({ object: KEY_ORDER.index }),
    relations: list(relation),
    rules: list({
      byKind: RULE_ORDER,
      children: { gap: { object: KEY_ORDER.orderedGap, children: { histogram } } },
    }),
  },
};

/** The plan as it is saved: fixed key order, clean numbers. */
export function orderPlan(plan: Plan): unknown {
  return orderValue(plan, PLAN_SHAPE);
}

/** The dataset task as it is saved: fixed key order, clean numbers. */
export function orderDatasetTask(task: DatasetTask): unknown {
  return orderValue(task, DATASET_SHAPE);
}

function orderValue(value: unknown, shape: Shape): unknown {
  if (typeof value === 'number') return cleanNumber(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    const item = typeof shape === 'object' && 'list' in shape ? shape.list : leaf;
    return value.map((element) => orderValue(element, item));
  }
  const record = value as Readonly<Record<string, unknown>>;
  if (shape === leaf || 'list' in shape) return orderFree(record, leaf);
  if ('lazy' in shape) return orderValue(value, shape.lazy());
  if ('map' in shape) return orderFree(record, shape.map);
  const keys = 'object' in shape ? shape.object : shape.byKind[String(record.kind)];
  if (keys === undefined) return orderFree(record, leaf);
  const ordered: Record<string, unknown> = {};
  for (const key of [
    ...Object.keys(keys),
    ...Object.keys(record).filter((key) => !Object.hasOwn(keys, key)),
  ]) {
    const child = record[key];
    if (child !== undefined) setOwn(ordered, key, orderValue(child, shape.children?.[key] ?? leaf));
  }
  return ordered;
}

/** A map whose keys are data (weights, quantiles, constant values): own order kept, values ordered. */
function orderFree(record: Readonly<Record<string, unknown>>, item: Shape): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(record))
    if (child !== undefined) setOwn(ordered, key, orderValue(child, item));
  return ordered;
}

/** Sets a key as an own property, so that a data key such as `__proto__` stays data. */
function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}
