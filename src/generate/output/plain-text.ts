/**
 * Which output fields are known, from their recipe alone, to produce only "plain" values: numbers, booleans,
 * or non-empty text without commas, quotes or line breaks. The CSV sink skips its quoting scan for them
 * (for a column of emails that scan costs more than generating them). Conservative: a field whose values
 * could come from elsewhere (a parent, a check repair, an edge value, free text) is never plain.
 */
import type { SemanticType } from '../../catalog/semantic-types.js';
import type { DatasetTask, FieldTask } from '../../tasks/types.js';
import { listConstrainedFields } from '../rows/row-rules.js';

/** Semantic types whose generated text never holds a comma, a quote or a line break. */
const PLAIN_SEMANTICS: ReadonlySet<string> = new Set<SemanticType>([
  'email',
  'username',
  'uuid',
  'phone',
  'ipv4',
  'ipv6',
  'mac',
  'national_id',
  'credit_card',
  'iban',
  'url',
  'language_code',
  'currency_code',
  'address.country_code',
  'password_hash',
]);

function isPlainLiteral(value: unknown): boolean {
  if (typeof value === 'number' || typeof value === 'boolean') return true;
  return typeof value === 'string' && value !== '' && value !== '\\.' && !/[",\r\n]/.test(value);
}

function isPlainRecipe(field: FieldTask): boolean {
  const recipe = field.generator;
  switch (recipe.kind) {
    case 'sequence':
    case 'uuid':
    case 'boolean':
      return true;
    case 'histogram':
      // Every histogram value is a number or the text of one (decimal, date, time, timestamp, interval).
      return true;
    case 'semantic':
      return PLAIN_SEMANTICS.has(recipe.semantic);
    case 'constant':
      return isPlainLiteral(recipe.value);
    case 'categorical': {
      if (!Object.keys(recipe.weights).every(isPlainLiteral)) return false;
      if (!recipe.other || recipe.other.share <= 0) return true;
      return field.type.logical === 'enum' && (field.type.labels ?? []).every(isPlainLiteral);
    }
    default:
      return false;
  }
}

/**
 * The plain fields of `task`. `references` are the fields filled from a parent (any relation of the plan);
 * `edgeValues` says whether this run may mix edge values into the dataset (then no field is plain).
 */
export function listPlainTextFields(
  task: DatasetTask,
  references: ReadonlySet<string>,
  edgeValues: boolean,
): Set<string> {
  const plain = new Set<string>();
  if (edgeValues) return plain;
  const constrained = listConstrainedFields(task);
  for (const field of task.fields) {
    if (constrained.has(field.name) || references.has(field.name) || field.type.domain) continue;
    if (isPlainRecipe(field)) plain.add(field.name);
  }
  return plain;
}
