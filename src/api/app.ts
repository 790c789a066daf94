/**
 * The HTTP service's express app: JSON bodies, request logging, the routes (contract: openapi.yaml), then
 * 404 and error handling. Building the app does no I/O; `server.ts` listens.
 */
import express, { type Express, type RequestHandler, Router } from 'express';
import type { Logger } from '../shared/log.js';
import { silentLogger } from '../shared/log.js';
import { createErrorHandler, handleNotFound } from './error-handler.js';
import { registerHealthRoutes } from './routes/health.js';

export interface AppOptions {
  readonly log?: Logger;
}

/** Every group of routes; each must be described in openapi.yaml (a unit test checks both ways). */
const ROUTES: readonly ((router: Router) => void)[] = [registerHealthRoutes];

/** Builds the app. Requests are logged at debug level. */
export function createApp(options: AppOptions = {}): Express {
  const log = options.log ?? silentLogger;
  const app = express();
  app.disable('x-powered-by');
  app.use(logRequests(log));
  app.use(express.json({ limit: '10mb' }));
  const router = Router();
  for (const register of ROUTES) register(router);
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
