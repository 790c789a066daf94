/**
 * `POST /jobs` (start or queue a profile, generate, validate, export or clean job; 429 with Retry-After when the
 * queue is full), `GET /jobs`, `GET /jobs/{id}`, `DELETE /jobs/{id}`.
 */
import type { Router } from 'express';
import { DoppelError } from '../../shared/errors.js';
import { NotFoundError } from '../error-handler.js';
import { PREPARE_JOB } from '../jobs/job-runners.js';
import { JOB_KINDS, type JobKind } from '../jobs/job-types.js';
import { readBody, readString } from '../request-body.js';
import type { RouteDeps } from './route-deps.js';

/** Registers the job routes. */
export function registerJobRoutes(router: Router, deps: RouteDeps): void {
  router.post('/jobs', async (request, response) => {
    const body = readBody(request.body);
    const kind = readString(body, 'kind');
    if (!(JOB_KINDS as readonly string[]).includes(kind))
      throw new DoppelError('usage', `The job kind "${kind}" is not one of ${JOB_KINDS.join(', ')}.`);
    deps.jobs.checkCapacity();
    const prepared = await PREPARE_JOB[kind as JobKind](body, deps);
    const record = deps.jobs.start(kind as JobKind, prepared.params, prepared.work, body);
    response.status(202).location(`/jobs/${record.id}`).json(record);
  });

  router.get('/jobs', (_request, response) => {
    response.json({ jobs: deps.jobs.list() });
  });

  router.get('/jobs/:id', (request, response) => {
    const record = deps.jobs.get(request.params.id);
    if (record === undefined) throw new NotFoundError(`There is no job ${request.params.id}.`);
    response.json(record);
  });

  router.delete('/jobs/:id', async (request, response) => {
    const record = await deps.jobs.cancel(request.params.id);
    if (record === undefined) throw new NotFoundError(`There is no job ${request.params.id}.`);
    response.json(record);
  });
}
