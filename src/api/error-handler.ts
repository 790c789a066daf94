/**
 * Errors over HTTP: a `DoppelError`'s kind picks the status, every error has one JSON shape
 * (`{ error: { kind, message, details? } }`), messages are scrubbed of secrets and server paths, and stacks
 * never leave the server (an unexpected error is logged, and the client gets a generic message). Failing to
 * connect gives one generic message whatever the cause (refused, reset, wrong protocol, rejected password),
 * so a caller cannot map the ports of the service's network; the cause goes to the log.
 */
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { DoppelError, type ErrorKind } from '../shared/errors.js';
import { LIMITS } from '../shared/limits.js';
import type { Logger } from '../shared/log.js';
import { redactText } from '../shared/redact.js';
import { type Problem, ProfileError } from '../tasks/problems.js';
import { hideServerPaths } from './server-paths.js';

export type ApiErrorKind = ErrorKind | 'internal' | 'notFound' | 'unauthorized' | 'busy';

export interface ErrorResponse {
  readonly error: {
    readonly kind: ApiErrorKind;
    readonly message: string;
    readonly details?: readonly string[];
    /** For an invalid profile: each problem with file, line and path. */
    readonly problems?: readonly Problem[];
  };
}

/** The HTTP status for each error kind; exhaustive so a new kind cannot go unmapped. */
export const HTTP_STATUS: { readonly [K in ApiErrorKind]: number } = {
  usage: 400,
  unauthorized: 401,
  notFound: 404,
  refused: 409,
  invalidInput: 422,
  checkFailed: 422,
  busy: 429,
  internal: 500,
  connection: 502,
  cancelled: 503,
};

/** A resource a request named does not exist (HTTP 404); the CLI has no such kind. */
export class NotFoundError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/**
 * The service's job queue is full (HTTP 429, with `Retry-After: retryAfterSeconds`); the CLI has no such
 * kind.
 */
export class BusyError extends Error {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'BusyError';
  }
}

/** What a response may say of a connection failure, whatever its cause. */
export const CONNECTION_FAILED = 'Cannot connect to the database; the service log has the details.';

/** Text for a response: no secret, no server path. */
function clean(text: string): string {
  return hideServerPaths(redactText(text));
}

/** The status and body for any thrown value. */
export function describeError(error: unknown): { readonly status: number; readonly body: ErrorResponse } {
  if (error instanceof NotFoundError)
    return {
      status: HTTP_STATUS.notFound,
      body: { error: { kind: 'notFound', message: clean(error.message) } },
    };
  if (error instanceof BusyError)
    return { status: HTTP_STATUS.busy, body: { error: { kind: 'busy', message: clean(error.message) } } };
  if (error instanceof DoppelError && error.kind === 'connection')
    return {
      status: HTTP_STATUS.connection,
      body: { error: { kind: 'connection', message: CONNECTION_FAILED } },
    };
  if (error instanceof DoppelError) {
    const details = error.details.map(clean);
    const body: ErrorResponse = {
      error: {
        kind: error.kind,
        message: clean(error.message),
        ...(details.length > 0 ? { details } : {}),
        ...(error instanceof ProfileError
          ? { problems: error.problems.map((problem) => ({ ...problem, file: clean(problem.file) })) }
          : {}),
      },
    };
    return { status: HTTP_STATUS[error.kind], body };
  }
  const http = asClientHttpError(error);
  if (http !== null) {
    const message =
      http.type === 'entity.parse.failed'
        ? 'The request body is not valid JSON.'
        : http.type === 'entity.too.large'
          ? `The request body is larger than ${LIMITS.bodyBytes} bytes.`
          : clean(http.message);
    return { status: http.status, body: { error: { kind: 'usage', message } } };
  }
  return {
    status: HTTP_STATUS.internal,
    body: { error: { kind: 'internal', message: 'Internal error; the server log has the details.' } },
  };
}

/** Answers requests that matched no route with a 404 in the common error shape. */
export const handleNotFound: RequestHandler = (request, response) => {
  const body: ErrorResponse = {
    error: {
      kind: 'notFound',
      message: redactText(`No route for ${request.method} ${request.path}; openapi.yaml lists the routes.`),
    },
  };
  response.status(HTTP_STATUS.notFound).json(body);
};

/** The app's last middleware: maps errors to JSON responses and logs unexpected ones. */
export function createErrorHandler(log: Logger): ErrorRequestHandler {
  return (error, request, response, next) => {
    if (response.headersSent) {
      next(error);
      return;
    }
    const { status, body } = describeError(error);
    logServerSide(log, `${request.method} ${request.path}`, error, status);
    if (error instanceof BusyError && error.retryAfterSeconds !== undefined)
      response.set('Retry-After', String(error.retryAfterSeconds));
    response.status(status).json(body);
  };
}

/** Logs what a response leaves out: the cause of a connection failure, or an internal error's stack. */
export function logServerSide(log: Logger, what: string, error: unknown, status: number): void {
  if (error instanceof DoppelError && error.kind === 'connection') {
    const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
    log.warn(`${what}: ${error.message}${cause}`);
  } else if (status >= 500 && !(error instanceof DoppelError)) {
    const internal = error instanceof Error ? error : new Error(String(error));
    log.error(`${what}: internal error: ${internal.message}`);
    log.debug(internal.stack ?? '');
  }
}

/**
 * Errors from express's own middleware (body parsing) carry a 4xx `status` and `expose: true`; the router's
 * failure to decode a path parameter is a URIError with status 400.
 */
function asClientHttpError(error: unknown): { status: number; message: string; type?: string } | null {
  if (typeof error !== 'object' || error === null) return null;
  if (error instanceof URIError && (error as { status?: unknown }).status === 400)
    return { status: 400, message: 'The path is not valid percent-encoding.' };
  const candidate = error as { status?: unknown; expose?: unknown; message?: unknown; type?: unknown };
  if (typeof candidate.status !== 'number' || candidate.status < 400 || candidate.status > 499) return null;
  if (candidate.expose !== true) return null;
  return {
    status: candidate.status,
    message: typeof candidate.message === 'string' ? candidate.message : 'Bad request.',
    ...(typeof candidate.type === 'string' ? { type: candidate.type } : {}),
  };
}
