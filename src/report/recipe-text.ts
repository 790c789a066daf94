/**
 * A generator recipe as one line of flow YAML, the way a person would read it in the task file, with long
 * lists (histogram bins) shortened to their count: the chart beside it shows them.
 */
import type { GeneratorRecipe } from '../tasks/types.js';

const MAX_LIST = 6;
const PLAIN = /^[A-Za-z_][A-Za-z0-9_.@/-]*$/;

/** `{ kind: histogram, bins: [20 bins], scale: 2 }`. */
export function describeRecipe(recipe: GeneratorRecipe): string {
  return writeFlow(recipe, 'recipe');
}

function writeFlow(value: unknown, key: string): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'string') return PLAIN.test(value) ? value : JSON.stringify(value);
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) {
    if (value.length > MAX_LIST) return `[${value.length} ${key === 'bins' ? 'bins' : 'items'}]`;
    return `[${value.map((item) => writeFlow(item, key)).join(', ')}]`;
  }
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length > MAX_LIST * 2) return `{${entries.length} entries}`;
  return `{ ${entries.map(([name, item]) => `${PLAIN.test(name) ? name : JSON.stringify(name)}: ${writeFlow(item, name)}`).join(', ')} }`;
}
