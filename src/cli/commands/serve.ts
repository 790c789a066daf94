/**
 * `doppel serve`: runs the HTTP service (routes in openapi.yaml) until Ctrl-C or SIGTERM, which stop it
 * cleanly with exit code 0. Port and host follow the usual precedence: flag, `DOPPEL_PORT`/`DOPPEL_HOST`,
 * `serve.port`/`serve.host` in the configuration file, then 8080 on 127.0.0.1.
 */
import type { Command } from 'commander';
import { createApp, DEFAULT_PROFILES_ROOT } from '../../api/app.js';
import { JobStore } from '../../api/jobs/job-store.js';
import { startServer } from '../../api/server.js';
import { getConfigValue, readConfigFile, resolveConfigPath, resolveSetting } from '../../shared/config.js';
import { DoppelError } from '../../shared/errors.js';
import { VERSION } from '../../shared/version.js';
import type { CliContext } from '../context.js';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';

/** Parses a TCP port (0 picks a free one); `where` names its origin in the error. */
export function parsePort(text: string, where: string): number {
  const port = /^\d{1,5}$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isInteger(port) || port > 65535)
    throw new DoppelError('usage', `${where} must be a port number from 0 to 65535, not "${text}".`);
  return port;
}

/** Registers `doppel serve`. */
export function registerServe(program: Command, context: CliContext): void {
  program
    .command('serve')
    .description('run the HTTP service (its routes are described in openapi.yaml)')
    .option(
      '--port <port>',
      `port to listen on; 0 picks a free one (env DOPPEL_PORT; default ${DEFAULT_PORT})`,
    )
    .option('--host <host>', `address to listen on (env DOPPEL_HOST; default ${DEFAULT_HOST})`)
    .option(
      '--profiles <dir>',
      `folder of the profiles the service serves (env DOPPEL_PROFILES; default ./${DEFAULT_PROFILES_ROOT})`,
    )
    .action(async (flags: { port?: string; host?: string; profiles?: string }) => {
      const configLocation = resolveConfigPath(undefined);
      const config = await readConfigFile(configLocation);
      const configPort = getConfigValue(config, 'serve.port');
      const configHost = getConfigValue(config, 'serve.host');
      const port = resolveSetting(
        flags.port === undefined ? undefined : parsePort(flags.port, '--port'),
        'DOPPEL_PORT',
        configPort === undefined
          ? undefined
          : parsePort(String(configPort), `serve.port in ${configLocation.path}`),
        DEFAULT_PORT,
        { parse: (text) => parsePort(text, 'DOPPEL_PORT') },
      );
      const host = resolveSetting(
        flags.host,
        'DOPPEL_HOST',
        typeof configHost === 'string' ? configHost : undefined,
        DEFAULT_HOST,
      );

      const profilesRoot = resolveSetting(
        flags.profiles,
        'DOPPEL_PROFILES',
        undefined,
        DEFAULT_PROFILES_ROOT,
      );
      const jobs = new JobStore({ log: context.log });
      const server = await startServer(createApp({ log: context.log, profilesRoot, jobs }), { port, host });
      context.output(
        { url: server.url, version: VERSION },
        () => `doppel ${VERSION}: serving on ${server.url}`,
      );
      if (!context.signal.aborted)
        await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
      await jobs.close();
      await server.close();
      context.log.debug('stopped');
    });
}
