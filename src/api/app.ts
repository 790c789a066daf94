/**
 * The HTTP service's express app: security headers (helmet), CORS only for configured origins, the Host
 * check and authentication (guards.ts), JSON bodies (at most `LIMITS.bodyBytes`), every request checked
 * against openapi.yaml (request-validation.ts), request logging, the routes, then 404 and error handling. Every JSON response is scrubbed of secrets and shows server paths relative to
 * the service's roots. Building the app does no I/O; `server.ts` listens.
 */
import { resolve } from 'node:path';
import cors from 'cors';
import express, { type Express, type RequestHandler, Router } from 'express';
import helmet from 'helmet';
import { LIMITS } from '../shared/limits.js';
import type { Logger } from '../shared/log.js';
import { silentLogger } from '../shared/log.js';
import { redactText } from '../shared/redact.js';
import { createErrorHandler, handleNotFound } from './error-handler.js';
import { authenticate, callerOf, checkHost } from './guards.js';
import { PREPARE_JOB } from './jobs/job-runners.js';
import { JobStore } from './jobs/job-store.js';
import { validateRequests } from './request-validation.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerInspectRoutes } from './routes/inspect.js';
import { registerJobRoutes } from './routes/jobs.js';
import { registerProfileRoutes } from './routes/profiles.js';
import type { RouteDeps } from './routes/route-deps.js';
import { registerScheduleRoutes } from './routes/schedules.js';
import { Scheduler } from './schedules/scheduler.js';
import { registerServerRoot, relativeToRoots } from './server-paths.js';
import { DEFAULT_SERVICE_SETTINGS, type ServiceSettings } from './settings.js';

export const DEFAULT_PROFILES_ROOT = 'profiles';

export interface AppOptions {
  readonly log?: Logger;
  /** The folder whose subfolders are the served profiles (default `./profiles`). */
  readonly profilesRoot?: string;
  /** Jobs (default: a new store writing records to the state directory). */
  readonly jobs?: JobStore;
  /** Schedules (default: a scheduler over `jobs` with no schedules loaded). */
  readonly schedules?: Scheduler;
  /** Keys, hosts, connections, roots and switches (default: loopback only, nothing else allowed). */
  readonly settings?: Partial<ServiceSettings>;
}

/** Every group of routes; each must be described in openapi.yaml (a unit test checks both ways). */
const ROUTES: readonly ((router: Router, deps: RouteDeps) => void)[] = [
  registerHealthRoutes,
  registerProfileRoutes,
  registerInspectRoutes,
  registerJobRoutes,
  registerScheduleRoutes,
];

/** Builds the app. Requests are logged at debug level. */
export function createApp(options: AppOptions = {}): Express {
  const log = options.log ?? silentLogger;
  const settings: ServiceSettings = { ...DEFAULT_SERVICE_SETTINGS, ...options.settings };
  const jobs = options.jobs ?? new JobStore({ log });
  const profilesRoot = resolve(options.profilesRoot ?? DEFAULT_PROFILES_ROOT);
  for (const root of [profilesRoot, settings.outputRoot, jobs.stateDir])
    if (root !== undefined) registerServerRoot(root);

  const app = express();
  app.disable('x-powered-by');
  app.set('json replacer', (_key: string, value: unknown) =>
    typeof value === 'string' ? relativeToRoots(redactText(value)) : value,
  );
  app.use(logRequests(log));
  app.use(helmet());
  if (settings.corsOrigins.length > 0) app.use(cors({ origin: [...settings.corsOrigins] }));
  app.use(checkHost(settings.allowedHosts));
  app.use(authenticate(settings.keys));
  app.use(express.json({ limit: LIMITS.bodyBytes }));
  app.use(validateRequests());
  const schedules =
    options.schedules ??
    new Scheduler({
      jobs,
      log,
      prepare: (kind, step) => PREPARE_JOB[kind](step, { log, profilesRoot, settings }),
    });
  const deps: RouteDeps = { log, profilesRoot, settings, jobs, schedules };
  const router = Router();
  for (const register of ROUTES) register(router, deps);
  app.use(router);
  app.use(handleNotFound);
  app.use(createErrorHandler(log));
  return app;
}

function logRequests(log: Logger): RequestHandler {
  return (request, response, next) => {
    const started = process.hrtime.bigint();
    response.on('finish', () => {
      const milliseconds = Number(process.hrtime.bigint() - started) / 1e6;
      const caller = callerOf(response);
      // The structured log keeps the headers (Authorization and cookies masked by its redaction).
      log.debug(
        `${request.method} ${request.originalUrl} ${response.statusCode} ${milliseconds.toFixed(1)} ms${caller === undefined ? '' : ` (key ${caller})`}`,
        {
          req: {
            method: request.method,
            url: request.originalUrl,
            headers: request.headers,
            ...(caller === undefined ? {} : { key: caller }),
          },
          res: { status: response.statusCode, milliseconds: Math.round(milliseconds * 10) / 10 },
        },
      );
    });
    next();
  };
}
