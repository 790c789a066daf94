/** What route groups receive: the logger, the profiles root, the security settings, the jobs and the schedules. */
import type { Logger } from '../../shared/log.js';
import type { JobStore } from '../jobs/job-store.js';
import type { Scheduler } from '../schedules/scheduler.js';
import type { ServiceSettings } from '../settings.js';

export interface RouteDeps {
  readonly log: Logger;
  /** The folder whose subfolders are the profiles the service serves. */
  readonly profilesRoot: string;
  readonly settings: ServiceSettings;
  readonly jobs: JobStore;
  readonly schedules: Scheduler;
}
