/**
 * A loopback listener that speaks the first messages of the PostgreSQL protocol: it answers an SSL request
 * with "no", reads the startup message (user, database), asks for a clear-text password, records what it
 * gets, and refuses. Security tests use it to see exactly what a client would send to a host a caller
 * named. `mode: 'garbage'` answers the startup with bytes that are not PostgreSQL at all.
 */
import { createServer, type Server, type Socket } from 'node:net';

export interface CapturedStartup {
  readonly parameters: Record<string, string>;
  /** The password the client sent, or undefined when it sent none. */
  readonly password?: string;
}

export interface FakePostgres {
  readonly port: number;
  readonly captured: CapturedStartup[];
  /** Connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

const SSL_REQUEST_CODE = 80877103;

export async function startFakePostgres(mode: 'password' | 'garbage' = 'password'): Promise<FakePostgres> {
  const captured: CapturedStartup[] = [];
  let accepted = 0;
  const server: Server = createServer((socket) => {
    accepted += 1;
    handle(socket, mode, captured);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    port,
    captured,
    connections: () => accepted,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
      }),
  };
}

function handle(socket: Socket, mode: 'password' | 'garbage', captured: CapturedStartup[]): void {
  let buffer = Buffer.alloc(0);
  let parameters: Record<string, string> | undefined;
  socket.on('error', () => undefined);
  socket.on('data', (chunk) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      if (parameters === undefined) {
        if (buffer.length < 8) return;
        const length = buffer.readInt32BE(0);
        if (buffer.length < length) return;
        const code = buffer.readInt32BE(4);
        const body = buffer.subarray(8, length);
        buffer = buffer.subarray(length);
        if (code === SSL_REQUEST_CODE) {
          socket.write('N');
          continue;
        }
        parameters = readPairs(body);
        if (mode === 'garbage') {
          socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
          captured.push({ parameters });
          return;
        }
        // AuthenticationCleartextPassword
        const ask = Buffer.alloc(9);
        ask.write('R', 0);
        ask.writeInt32BE(8, 1);
        ask.writeInt32BE(3, 5);
        socket.write(ask);
        continue;
      }
      if (buffer.length < 5) return;
      const length = buffer.readInt32BE(1);
      if (buffer.length < 1 + length) return;
      const type = String.fromCharCode(buffer[0] ?? 0);
      const body = buffer.subarray(5, 1 + length);
      buffer = buffer.subarray(1 + length);
      if (type === 'p') {
        captured.push({ parameters, password: body.toString('utf8').replace(/\0$/, '') });
        socket.end(errorResponse('28P01', 'password authentication failed'));
        return;
      }
    }
  });
  socket.on('end', () => {
    if (parameters !== undefined && !captured.some((entry) => entry.parameters === parameters))
      captured.push({ parameters });
  });
}

function readPairs(body: Buffer): Record<string, string> {
  const parts = body.toString('utf8').split('\0');
  const pairs: Record<string, string> = {};
  for (let index = 0; index + 1 < parts.length; index += 2) {
    const key = parts[index];
    if (key === undefined || key === '') break;
    pairs[key] = parts[index + 1] ?? '';
  }
  return pairs;
}

function errorResponse(code: string, message: string): Buffer {
  const fields = Buffer.from(`SFATAL\0C${code}\0M${message}\0\0`, 'utf8');
  const header = Buffer.alloc(5);
  header.write('E', 0);
  header.writeInt32BE(4 + fields.length, 1);
  return Buffer.concat([header, fields]);
}
