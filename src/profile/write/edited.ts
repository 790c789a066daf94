/**
 * Re-profiling into a folder that already holds a profile: recipes a person marked `edited: true` are kept
 * (stats are refreshed), and datasets switched off in the old plan stay off.
 */
import type { DatasetTask, FieldTask, Profile } from '../../tasks/types.js';

/** `fresh` with the edited recipes and disabled datasets of `previous` carried over. */
export function keepEditedRecipes(fresh: Profile, previous: Profile): Profile {
  const old = new Map(
    previous.datasets.map((task) => [`${task.dataset.source}\u0000${task.dataset.name}`, task]),
  );
  const disabled = new Set(
    previous.plan.datasets
      .filter((entry) => !entry.enabled)
      .map((entry) => `${entry.source}\u0000${entry.name}`),
  );
  const datasets = fresh.datasets.map((task) => {
    const before = old.get(`${task.dataset.source}\u0000${task.dataset.name}`);
    return before === undefined ? task : mergeDataset(task, before);
  });
  return {
    plan: {
      ...fresh.plan,
      datasets: fresh.plan.datasets.map((entry) =>
        disabled.has(`${entry.source}\u0000${entry.name}`) ? { ...entry, enabled: false } : entry,
      ),
    },
    datasets,
  };
}

function mergeDataset(task: DatasetTask, before: DatasetTask): DatasetTask {
  return { ...task, fields: mergeFields(task.fields, before.fields) };
}

function mergeFields(fields: readonly FieldTask[], before: readonly FieldTask[]): FieldTask[] {
  const old = new Map(before.map((field) => [field.name, field]));
  return fields.map((field) => {
    const previous = old.get(field.name);
    if (previous === undefined) return field;
    const merged: FieldTask =
      previous.generator.edited === true ? { ...field, generator: previous.generator } : field;
    const children =
      field.fields !== undefined && previous.fields !== undefined
        ? mergeFields(field.fields, previous.fields)
        : undefined;
    const element =
      field.element !== undefined && previous.element !== undefined
        ? mergeFields([field.element], [previous.element])[0]
        : undefined;
    return {
      ...merged,
      ...(children !== undefined ? { fields: children } : {}),
      ...(element !== undefined ? { element } : {}),
    };
  });
}
