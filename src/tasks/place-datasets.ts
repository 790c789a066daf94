/**
 * A profile's datasets moved into one namespace: where `doppel generate` writes them through an address that
 * names a database (MySQL, MongoDB: the database is the namespace), so that `doppel validate` on that address
 * finds them. Names in the plan, the dataset headers and the relations follow.
 */
import type { Profile, RelationTask } from './types.js';

export function moveToNamespace(profile: Profile, namespace: string): Profile {
  const moved = new Map<string, string>();
  for (const { dataset } of profile.datasets)
    if (dataset.namespace !== undefined && dataset.namespace !== namespace)
      moved.set(dataset.name, `${namespace}.${dataset.local}`);
  if (moved.size === 0) return profile;
  const rename = (name: string) => moved.get(name) ?? name;
  const relation = (task: RelationTask): RelationTask => ({
    ...task,
    // A dataset file's relations leave their own dataset implied (an empty name).
    from: { ...task.from, dataset: task.from.dataset === '' ? '' : rename(task.from.dataset) },
    to: { ...task.to, dataset: rename(task.to.dataset) },
  });
  return {
    plan: {
      ...profile.plan,
      datasets: profile.plan.datasets.map((entry) => ({ ...entry, name: rename(entry.name) })),
      relations: profile.plan.relations.map(relation),
    },
    datasets: profile.datasets.map((task) => ({
      ...task,
      dataset: moved.has(task.dataset.name)
        ? { ...task.dataset, name: rename(task.dataset.name), namespace }
        : task.dataset,
      relations: task.relations.map(relation),
    })),
  };
}
