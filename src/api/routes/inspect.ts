/**
 * `POST /inspect` `{ source, include?, exclude?, schema? }`: a source's catalog, read in a read-only session.
 * The source is a configured connection, or an address of the request's own where the service allows it.
 */
import type { Router } from 'express';
import { databaseNameOf } from '../../shared/address.js';
import { openSource } from '../../sources/index.js';
import { resolveRequestAddress } from '../request-addresses.js';
import { readBody, readString, readStringList } from '../request-body.js';
import type { RouteDeps } from './route-deps.js';

/** Registers `POST /inspect`. */
export function registerInspectRoutes(router: Router, deps: RouteDeps): void {
  router.post('/inspect', async (request, response) => {
    const body = readBody(request.body);
    const source = await resolveRequestAddress(deps.settings, readString(body, 'source'), 'source', 'source');
    const include = readStringList(body, 'include');
    const exclude = readStringList(body, 'exclude');
    const namespaces = readStringList(body, 'schema');
    const controller = new AbortController();
    // A client that goes away cancels the catalog queries on the server.
    response.on('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    const session = await openSource(source.address, {
      log: deps.log,
      name: databaseNameOf(source.address),
      environmentDefaults: source.environmentDefaults,
    });
    try {
      const catalog = await session.extract(
        {
          ...(include.length > 0 ? { include } : {}),
          ...(exclude.length > 0 ? { exclude } : {}),
          ...(namespaces.length > 0 ? { namespaces } : {}),
        },
        controller.signal,
      );
      response.json(catalog);
    } finally {
      await session.close();
    }
  });
}
