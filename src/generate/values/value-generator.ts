/**
 * The shape every compiled generator has: a closure built once per field that turns (stream, row index) into
 * a value. Building does all the parsing and table work; calling does only arithmetic and lookups.
 */
import type { Value } from '../../catalog/values.js';
import type { Random } from '../../shared/random.js';
import type { Pools } from './semantic/pools.js';

export type ValueGenerator = (random: Random, index: number) => Value;

/** What building a generator may use: pools, the field's stream key, and the row index space. */
export interface BuildContext {
  readonly seed: number;
  /** Stream key of the field (derived from seed, dataset and field path). */
  readonly key: number;
  /** Rows in the whole dataset (not the shard), offset included: the space unique keys are drawn over. */
  readonly rows: number;
  readonly pools: (locale?: string) => Pools;
  /** Where the field is, for error messages: `dataset.field`. */
  readonly where: string;
  /**
   * The generator is called once per row with the row index (a dataset's own fields, not document members or
   * array elements), so shares can be spread over the index space exactly instead of drawn.
   */
  readonly stratified?: boolean;
  /**
   * The stream key whose null strata the field's nulls follow (default `key`): a field that may have a value
   * only where another has one (a `when-present` check) is null on that field's null rows, and on more.
   */
  readonly nullKey?: number;
}
