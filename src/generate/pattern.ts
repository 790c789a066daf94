/**
 * Strings from regular expressions (the pattern recipe and the `other` bucket of categoricals), through
 * randexp driven by the seeded stream. Compiled patterns are cached: compiling is the expensive part.
 */
import RandExp from 'randexp';
import { DoppelError } from '../shared/errors.js';
import type { Random } from './random.js';

interface CompiledPattern {
  readonly expression: RandExp;
  current: Random | undefined;
}

const cache = new Map<string, CompiledPattern>();

function compile(pattern: string, maxRepeat: number): CompiledPattern {
  const key = `${maxRepeat}\u0000${pattern}`;
  const cached = cache.get(key);
  if (cached) return cached;
  let expression: RandExp;
  try {
    expression = new RandExp(new RegExp(pattern));
  } catch (error) {
    throw new DoppelError('invalidInput', `The pattern /${pattern}/ is not a valid regular expression.`, {
      cause: error,
    });
  }
  const compiled: CompiledPattern = { expression, current: undefined };
  expression.max = maxRepeat;
  // randexp draws every choice through randInt: route it to the seeded stream of the current value.
  expression.randInt = (low: number, high: number) => low + (compiled.current?.below(high - low + 1) ?? 0);
  cache.set(key, compiled);
  return compiled;
}

/** A generator of strings matching `pattern`; unbounded repeats are capped at `maxRepeat`. */
export function createPatternGenerator(pattern: string, maxRepeat = 16): (random: Random) => string {
  const compiled = compile(pattern, maxRepeat);
  return (random) => {
    compiled.current = random;
    const text = compiled.expression.gen();
    compiled.current = undefined;
    return text;
  };
}
