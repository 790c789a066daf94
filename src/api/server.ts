/** Listening and closing: the HTTP service's only I/O. */
import { once } from 'node:events';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';
import { DoppelError } from '../shared/errors.js';

export interface ListenOptions {
  /** 0 picks a free port. */
  readonly port: number;
  readonly host: string;
}

export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8080`. */
  readonly url: string;
  readonly port: number;
  /** Stops accepting, closes idle and open connections, and resolves once the server is closed. */
  close(): Promise<void>;
}

/** Starts `app` listening; rejects with a DoppelError naming host and port if it cannot. */
export async function startServer(app: Express, options: ListenOptions): Promise<RunningServer> {
  const server: Server = app.listen(options.port, options.host);
  try {
    await once(server, 'listening');
  } catch (error) {
    throw listenError(error, options);
  }
  const { port } = server.address() as AddressInfo;
  const host = options.host.includes(':') ? `[${options.host}]` : options.host;
  return {
    url: `http://${host}:${port}`,
    port,
    close: () =>
      new Promise((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function listenError(error: unknown, options: ListenOptions): DoppelError {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${options.host}:${options.port}`;
  switch (code) {
    case 'EADDRINUSE':
      return new DoppelError(
        'refused',
        `Port ${options.port} on ${options.host} is already in use; choose another with --port.`,
        { cause: error },
      );
    case 'EACCES':
      return new DoppelError(
        'refused',
        `Listening on ${where} is not permitted; choose a port above 1023 with --port.`,
        { cause: error },
      );
    case 'EADDRNOTAVAIL':
    case 'ENOTFOUND':
      return new DoppelError(
        'usage',
        `The host ${options.host} is not an address of this machine; use --host 127.0.0.1 or 0.0.0.0.`,
        { cause: error },
      );
    default:
      return new DoppelError('refused', `Cannot listen on ${where} (${code ?? String(error)}).`, {
        cause: error,
      });
  }
}
