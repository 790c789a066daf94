/**
 * Subject names, as Confluent's serializers derive them: the topic name strategy (`<topic>-value`,
 * `<topic>-key`), the record name strategy (the record's full name) and the topic-record strategy
 * (`<topic>-<record full name>`). Topics come from a template over the dataset's names, the same template
 * a Kafka target's address takes.
 */
import { DoppelError } from '../shared/errors.js';
import type { DatasetHeader } from '../tasks/types.js';

export const SUBJECT_STRATEGIES = ['topic', 'record', 'topic-record'] as const;
export type SubjectStrategy = (typeof SUBJECT_STRATEGIES)[number];

/** The default topic template: the dataset's qualified name (`public.orders`). */
export const DEFAULT_TOPIC_TEMPLATE = '{name}';

const PLACEHOLDERS = ['name', 'namespace', 'local', 'source'] as const;
type Placeholder = (typeof PLACEHOLDERS)[number];

/** Checks a topic template: only known placeholders; a usage error names the unknown one. */
export function checkTopicTemplate(template: string): string {
  for (const match of template.matchAll(/\{([^}]*)\}/g)) {
    if (!(PLACEHOLDERS as readonly string[]).includes(match[1] ?? ''))
      throw new DoppelError(
        'usage',
        `The topic template "${template}" names {${match[1]}}; use ${PLACEHOLDERS.map((name) => `{${name}}`).join(', ')}.`,
      );
  }
  return template;
}

/**
 * The topic of a dataset: the template with its placeholders filled (an absent namespace is empty, and
 * the separators it leaves at either end are dropped); characters Kafka does not allow in topic names
 * (anything but letters, digits, `.`, `_` and `-`) become `_`.
 */
export function renderTopic(
  template: string,
  dataset: Pick<DatasetHeader, 'name' | 'namespace' | 'local' | 'source'>,
): string {
  const values: Record<Placeholder, string> = {
    name: dataset.name,
    namespace: dataset.namespace ?? '',
    local: dataset.local,
    source: dataset.source,
  };
  const filled = template.replace(/\{(name|namespace|local|source)\}/g, (_, key: Placeholder) => values[key]);
  const topic = filled.replace(/^[._-]+|[._-]+$/g, '').replace(/[^A-Za-z0-9._-]/g, '_');
  if (topic === '' || topic.length > 249)
    throw new DoppelError(
      'usage',
      `The topic template "${template}" gives "${topic}" for ${dataset.name}, which is not a Kafka topic name (1 to 249 characters).`,
    );
  return topic;
}

/** The subject a record is registered under. */
export function subjectName(
  strategy: SubjectStrategy,
  part: 'key' | 'value',
  topic: string,
  recordName: string,
): string {
  switch (strategy) {
    case 'topic':
      return `${topic}-${part}`;
    case 'record':
      return recordName;
    case 'topic-record':
      return `${topic}-${recordName}`;
  }
}
