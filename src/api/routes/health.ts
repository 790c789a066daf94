/** `GET /health`: liveness and the running version. */
import type { Router } from 'express';
import { VERSION } from '../../shared/version.js';

export interface HealthResponse {
  readonly status: 'ok';
  readonly version: string;
}

/** The body `GET /health` returns. */
export function describeHealth(): HealthResponse {
  return { status: 'ok', version: VERSION };
}

/** Registers `GET /health`. */
export function registerHealthRoutes(router: Router): void {
  router.get('/health', (_request, response) => {
    response.json(describeHealth());
  });
}
