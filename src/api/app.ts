/**
 * The HTTP service's express app: JSON bodies, request logging, the routes (contract: openapi.yaml), then
 * 404 and error handling. Building the app does no I/O; `server.ts` listens.
 */
import { resolve } from 'node:path';
import express, { type Express, type RequestHandler, Router } from 'express';
import type { Logger } from '../shared/log.js';
import { silentLogger } from '../shared/log.js';
import { createErrorHandler, handleNotFound } from './error-handler.js';
import { JobStore } from './jobs/job-store.js';
import { registerHealthRoutes } from './routes/health.js';
import { registerInspectRoutes } from './routes/inspect.js';
import { registerJobRoutes } from './routes/jobs.js';
import { registerProfileRoutes } from './routes/profiles.js';
import type { RouteDeps } from './routes/route-deps.js';

export const DEFAULT_PROFILES_ROOT = 'profiles';

export interface AppOptions {
  readonly log?: Logger;
  /** The folder whose subfolders are the served profiles (default `./profiles`). */
  readonly profilesRoot?: string;
  /** Jobs (default: a new store writing records to the state directory). */
  readonly jobs?: JobStore;
}

/** Every group of routes; each must be described in openapi.yaml (a unit test checks both ways). */
const ROUTES: readonly ((router: Router, deps: RouteDeps) => void)[] = [
  registerHealthRoutes,
  registerProfileRoutes,
  registerInspectRoutes,
  registerJobRoutes,
];

/** Builds the app. Requests are logged at debug level. */
export function createApp(options: AppOptions = {}): Express {
  const log = options.log ?? silentLogger;
  const app = express();
  app.disable('x-powered-by');
  app.use(logRequests(log));
  app.use(express.json({ limit: '10mb' }));
  const deps: RouteDeps = {
    log,
    profilesRoot: resolve(options.profilesRoot ?? DEFAULT_PROFILES_ROOT),
    jobs: options.jobs ?? new JobStore({ log }),
  };
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
      log.debug(
        `${request.method} ${request.originalUrl} ${response.statusCode} ${milliseconds.toFixed(1)} ms`,
      );
    });
    next();
  };
}
