/**
 * What stands before every route: the Host header must name an allowed host (a web page cannot drive a local
 * service through DNS rebinding), and, when the service has API keys, `Authorization: Bearer <secret>` must
 * carry one of them (compared in constant time). `GET /health` passes both: probes use it, and it tells
 * nothing but the version.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { DoppelError } from '../shared/errors.js';
import { type ApiKey, normalizeHostName } from './settings.js';

/** Routes every caller may reach. */
const OPEN_ROUTES = new Set(['GET /health', 'HEAD /health']);

function isOpen(method: string, path: string): boolean {
  return OPEN_ROUTES.has(`${method} ${path}`);
}

/** Refuses a request whose Host header is missing or not in `allowedHosts` (HTTP 400 naming the header). */
export function checkHost(allowedHosts: readonly string[]): RequestHandler {
  const allowed = new Set(allowedHosts);
  return (request, _response, next) => {
    if (isOpen(request.method, request.path)) return next();
    const header = request.headers.host;
    if (header === undefined || !allowed.has(normalizeHostName(header))) {
      const shown = header === undefined ? 'missing' : JSON.stringify(header.slice(0, 100));
      return next(
        new DoppelError(
          'usage',
          `The Host header (${shown}) is not one this service answers to (serve.allowedHosts).`,
        ),
      );
    }
    next();
  };
}

/** The caller's key name, for the request log. */
export function callerOf(response: Response): string | undefined {
  return (response.locals as { caller?: string }).caller;
}

/**
 * Requires `Authorization: Bearer <secret>` with one of `keys` on every route but the open ones; a missing
 * or wrong key is a 401 with `WWW-Authenticate`. Without keys every caller is let through.
 */
export function authenticate(keys: readonly ApiKey[]): RequestHandler {
  const digests = keys.map((key) => ({ name: key.name, digest: digestOf(key.secret) }));
  return (request, response, next) => {
    if (digests.length === 0 || isOpen(request.method, request.path)) return next();
    const match = /^Bearer\s+(\S+)\s*$/i.exec(request.headers.authorization ?? '');
    const presented = digestOf(match?.[1] ?? '');
    // Compare with every key, so the time taken says nothing about which one came close.
    let caller: string | undefined;
    for (const key of digests) if (timingSafeEqual(key.digest, presented) && match) caller ??= key.name;
    if (caller === undefined) {
      response.setHeader('WWW-Authenticate', 'Bearer realm="doppel"');
      response.status(401).json({
        error: {
          kind: 'unauthorized',
          message: match
            ? 'The API key is not valid.'
            : 'This service needs an API key: send Authorization: Bearer <key>.',
        },
      });
      return;
    }
    (response.locals as { caller?: string }).caller = caller;
    next();
  };
}

/** Equal-length digests, so `timingSafeEqual` can compare keys of any length. */
function digestOf(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}
