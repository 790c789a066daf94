/** `POST /inspect` `{ source, include?, exclude?, schema? }`: a source's catalog, read in a read-only session. */
import type { Router } from 'express';
import { parseAddress } from '../../shared/address.js';
import { DoppelError } from '../../shared/errors.js';
import { openSource } from '../../sources/index.js';
import { readBody, readString, readStringList } from '../request-body.js';
import type { RouteDeps } from './route-deps.js';

/** Registers `POST /inspect`. */
export function registerInspectRoutes(router: Router, deps: RouteDeps): void {
  router.post('/inspect', async (request, response) => {
    const body = readBody(request.body);
    const address = parseAddress(readString(body, 'source'));
    if (address.kind === 'file' || address.kind === 'stdout')
      throw new DoppelError('usage', 'The request field "source" must be a database address, not a path.');
    const include = readStringList(body, 'include');
    const exclude = readStringList(body, 'exclude');
    const namespaces = readStringList(body, 'schema');
    const controller = new AbortController();
    // A client that goes away cancels the catalog queries on the server.
    response.on('close', () => {
      if (!response.writableFinished) controller.abort();
    });
    const session = await openSource(address, { log: deps.log, name: 'inspected' });
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
