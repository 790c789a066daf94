/**
 * The HTTP app over a real loopback socket: /health answers per openapi.yaml, unknown routes and bad
 * bodies get the common error shape, and errors map to statuses without stacks or credentials.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import express from 'express';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createApp } from '../../../src/api/app.js';
import { CONNECTION_FAILED, createErrorHandler, HTTP_STATUS } from '../../../src/api/error-handler.js';
import { type RunningServer, startServer } from '../../../src/api/server.js';
import { DoppelError, type ErrorKind } from '../../../src/shared/errors.js';
import { createLogger } from '../../../src/shared/log.js';
import { registerSecret } from '../../../src/shared/redact.js';
import { VERSION } from '../../../src/shared/version.js';
import { REPO_ROOT } from '../../helpers/run-cli.js';

const document = parse(readFileSync(`${REPO_ROOT}openapi.yaml`, 'utf8')) as { components: object };
const ajv = new Ajv2020({ strict: false });
ajv.addSchema({ $id: 'openapi', ...document });
const matchesHealth = ajv.compile({ $ref: 'openapi#/components/schemas/Health' });
const matchesError = ajv.compile({ $ref: 'openapi#/components/schemas/Error' });

describe('the app', () => {
  let server: RunningServer;
  const logLines: string[] = [];
  beforeAll(async () => {
    const log = createLogger({ level: 'debug', write: (line) => logLines.push(line) });
    server = await startServer(createApp({ log }), { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers GET /health with the documented shape', async () => {
    const response = await fetch(`${server.url}/health`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(response.headers.get('x-powered-by')).toBeNull();
    const body: unknown = await response.json();
    expect(body).toEqual({ status: 'ok', version: VERSION });
    expect(matchesHealth(body)).toBe(true);
    expect(logLines).toContainEqual(expect.stringMatching(/^debug: GET \/health 200 /));
  });

  it('answers an unknown route with 404 in the error shape', async () => {
    const response = await fetch(`${server.url}/nope`);
    expect(response.status).toBe(404);
    const body = (await response.json()) as { error: { kind: string; message: string } };
    expect(matchesError(body)).toBe(true);
    expect(body.error).toEqual({
      kind: 'notFound',
      message: 'No route for GET /nope; openapi.yaml lists the routes.',
    });
  });

  it('answers a malformed JSON body with 400', async () => {
    const response = await fetch(`${server.url}/health`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"broken":',
    });
    expect(response.status).toBe(400);
    const body: unknown = await response.json();
    expect(matchesError(body)).toBe(true);
    expect(body).toEqual({ error: { kind: 'usage', message: 'The request body is not valid JSON.' } });
  });
});

describe('error mapping', () => {
  const expected: Record<ErrorKind, number> = {
    usage: 400,
    invalidInput: 422,
    connection: 502,
    refused: 409,
    checkFailed: 422,
    cancelled: 503,
  };
  let server: RunningServer;
  const logLines: string[] = [];
  beforeAll(async () => {
    registerSecret('api-s3cret-pw');
    const app = express();
    app.get('/fail/:kind', (request) => {
      const kind = request.params.kind as ErrorKind;
      throw new DoppelError(kind, 'Cannot reach postgres://reader:api-s3cret-pw@db/app.', {
        details: ['tried with api-s3cret-pw'],
      });
    });
    app.get('/crash', () => {
      throw new TypeError('secret internals: api-s3cret-pw');
    });
    app.get('/crash-async', async () => {
      await Promise.resolve();
      throw new Error('async failure');
    });
    app.use(createErrorHandler(createLogger({ level: 'debug', write: (line) => logLines.push(line) })));
    server = await startServer(app, { port: 0, host: '127.0.0.1' });
  });
  afterAll(async () => {
    await server.close();
  });

  it.each(Object.entries(expected))('maps %s to HTTP %i', async (kind, status) => {
    expect(HTTP_STATUS[kind as ErrorKind]).toBe(status);
    const response = await fetch(`${server.url}/fail/${kind}`);
    expect(response.status).toBe(status);
    const text = await response.text();
    expect(text).not.toContain('api-s3cret-pw');
    // A connection failure says nothing of its cause (which would map the network's ports); the log does.
    const error =
      kind === 'connection'
        ? { kind, message: CONNECTION_FAILED }
        : { kind, message: 'Cannot reach postgres://reader:***@db/app.', details: ['tried with ***'] };
    expect(JSON.parse(text)).toEqual({ error });
    expect(matchesError(JSON.parse(text))).toBe(true);
  });

  it('logs the cause of a connection failure, without the password', () => {
    expect(logLines).toContainEqual(expect.stringContaining('Cannot reach postgres://reader:***@db/app.'));
    expect(logLines.join('\n')).not.toContain('api-s3cret-pw');
  });

  it.each(['/crash', '/crash-async'])(
    'answers an unexpected error on %s with 500 and no stack',
    async (path) => {
      const response = await fetch(`${server.url}${path}`);
      expect(response.status).toBe(500);
      const text = await response.text();
      expect(JSON.parse(text)).toEqual({
        error: { kind: 'internal', message: 'Internal error; the server log has the details.' },
      });
      expect(text).not.toMatch(/at .*\.ts:\d+|secret internals|async failure/);
      expect(logLines.join('\n')).not.toContain('api-s3cret-pw');
    },
  );
});

describe('startServer', () => {
  it('refuses a port that is taken, naming it', async () => {
    const first = await startServer(createApp(), { port: 0, host: '127.0.0.1' });
    try {
      const attempt = startServer(createApp(), { port: first.port, host: '127.0.0.1' });
      await expect(attempt).rejects.toThrow(`Port ${first.port} on 127.0.0.1 is already in use`);
      await expect(attempt).rejects.toMatchObject({ kind: 'refused' });
    } finally {
      await first.close();
    }
  });
});
