/**
 * The task-file format, version 1: types, load (with every problem at once), save (stable, atomic), file
 * names, migration and the number helpers the profiler shares with the writer.
 */
export { checkProfile } from './check-profile.js';
export {
  assignDatasetFileNames,
  DATASET_FILE_EXTENSION,
  datasetFileName,
  PLAN_FILE_NAME,
  parseDatasetFileName,
} from './file-name.js';
export { type LoadOptions, loadDatasetTask, loadPlan, loadProfile } from './load.js';
export { MIGRATIONS, type Migration, type MigrationResult, migrateDocument } from './migrate.js';
export { formatProblem, type Problem, ProfileError } from './problems.js';
export { cleanNumber, roundSignificant } from './round.js';
export { renderDatasetTask, renderPlan, saveProfile } from './save.js';
export { TASK_FILE_SCHEMA } from './schema-check.js';
export * from './types.js';
