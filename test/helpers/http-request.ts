/**
 * A request to a service under test on a connection of its own (`agent: false`: opened for the request and
 * closed after it), so a kept-alive connection the service closes as idle just as a request is sent (a
 * reset, on a busy machine) cannot happen; the path is sent as written, and any header can be set (`Host`
 * included, which fetch does not allow).
 */
import { request as httpRequest } from 'node:http';

export interface HttpReply {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
  /** The body read as JSON (throws when it is not). */
  readonly json: <T = Record<string, unknown>>() => T;
}

export interface HttpRequest {
  readonly method?: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** Sent as given (a string) or as JSON (with `content-type: application/json` unless set). */
  readonly body?: unknown;
}

/** Sends one request to the service at `url` (its base address) and reads the whole answer. */
export function sendHttpRequest(url: string, request: HttpRequest): Promise<HttpReply> {
  const { hostname, port } = new URL(url);
  const payload =
    request.body === undefined || typeof request.body === 'string'
      ? request.body
      : JSON.stringify(request.body);
  const headers = {
    ...(payload === undefined || typeof request.body === 'string'
      ? {}
      : { 'content-type': 'application/json' }),
    ...request.headers,
  };
  return new Promise((resolve, reject) => {
    const call = httpRequest(
      { hostname, port, method: request.method ?? 'GET', path: request.path, headers, agent: false },
      (response) => {
        let text = '';
        response.setEncoding('utf8').on('data', (chunk: string) => {
          text += chunk;
        });
        response.on('error', reject);
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            json: <T>() => JSON.parse(text) as T,
          }),
        );
      },
    );
    call.on('error', reject);
    call.end(payload);
  });
}
