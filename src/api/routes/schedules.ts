/**
 * `GET /schedules`, `POST /schedules` (create), `GET /schedules/{name}`, `PATCH /schedules/{name}` (enable or
 * disable), `DELETE /schedules/{name}`, and `POST /schedules/{name}/runs` (run now). Schedules from the
 * configuration file are listed and run like the others, but changed only there (409).
 */
import type { Router } from 'express';
import { readBody } from '../request-body.js';
import { checkScheduleDefinition } from '../schedules/schedule-definition.js';
import type { RouteDeps } from './route-deps.js';

/** Registers the schedule routes. */
export function registerScheduleRoutes(router: Router, deps: RouteDeps): void {
  router.get('/schedules', (_request, response) => {
    response.json({ schedules: deps.schedules.list() });
  });

  router.post('/schedules', async (request, response) => {
    const definition = checkScheduleDefinition(readBody(request.body), 'The schedule');
    const schedule = await deps.schedules.create(definition);
    response.status(201).location(`/schedules/${schedule.name}`).json(schedule);
  });

  router.get('/schedules/:name', (request, response) => {
    response.json(deps.schedules.get(request.params.name));
  });

  router.patch('/schedules/:name', async (request, response) => {
    const { enabled } = readBody(request.body) as { enabled: boolean };
    response.json(await deps.schedules.setEnabled(request.params.name, enabled));
  });

  router.delete('/schedules/:name', async (request, response) => {
    response.json(await deps.schedules.remove(request.params.name));
  });

  router.post('/schedules/:name/runs', (request, response) => {
    response.status(202).json(deps.schedules.runNow(request.params.name));
  });
}
