/**
 * `doppel serve`: runs the HTTP service (routes in openapi.yaml) until Ctrl-C or SIGTERM, which stop it
 * cleanly with exit code 0. Port and host follow the usual precedence: flag, `DOPPEL_PORT`/`DOPPEL_HOST`,
 * `serve.port`/`serve.host` in the configuration file, then 8080 on 127.0.0.1; the security settings
 * (src/api/settings.ts) the same way. It refuses to listen beyond loopback without API keys.
 */
import { mkdir } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { createApp, DEFAULT_PROFILES_ROOT } from '../../api/app.js';
import { PREPARE_JOB } from '../../api/jobs/job-runners.js';
import { resolveJobSettings } from '../../api/jobs/job-settings.js';
import { JobStore } from '../../api/jobs/job-store.js';
import { readBody } from '../../api/request-body.js';
import { readConfiguredSchedules } from '../../api/schedules/schedule-definition.js';
import { Scheduler } from '../../api/schedules/scheduler.js';
import { startServer } from '../../api/server.js';
import { resolveServiceSettings, type ServiceFlags, type ServiceSettings } from '../../api/settings.js';
import { getConfigValue, readConfigFile, resolveConfigPath, resolveSetting } from '../../shared/config.js';
import { DoppelError } from '../../shared/errors.js';
import type { Logger } from '../../shared/log.js';
import { createStructuredLogger } from '../../shared/structured-log.js';
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

/** True for an address only this machine can reach. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d+\.\d+\.\d+$/.test(bare);
}

/** Refuses an open service beyond loopback, and says what a caller of this one can and cannot do. */
function checkExposure(host: string, settings: ServiceSettings, log: Logger): void {
  const loopback = isLoopbackHost(host);
  if (!loopback && settings.keys.length === 0)
    throw new DoppelError(
      'usage',
      `Refusing to serve on ${host} without API keys: anyone who can reach it could use it. Set DOPPEL_API_KEYS (name:secret,...) or serve.keys, or listen on 127.0.0.1.`,
    );
  if (!loopback)
    log.warn(
      `serving beyond loopback on ${host}: callers need an API key; allowed hosts: ${settings.allowedHosts.join(', ')}`,
    );
  else if (settings.keys.length === 0)
    log.debug('no API keys configured: every process on this machine may call the service');
}

export const LOG_FORMATS = ['json', 'text'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

function parseLogFormat(text: string, where: string): LogFormat {
  const format = text.trim().toLowerCase();
  if (!(LOG_FORMATS as readonly string[]).includes(format))
    throw new DoppelError('usage', `${where} must be json or text, not "${text}".`);
  return format as LogFormat;
}

/**
 * The service's log: pino JSON lines (`json`, the default unless stderr is a terminal) or the CLI's human
 * lines (`text`); both scrubbed of credentials.
 */
function createServiceLog(
  flag: string | undefined,
  config: Readonly<Record<string, unknown>>,
  configPath: string,
  context: CliContext,
): Logger {
  const configured = getConfigValue(config, 'serve.logFormat');
  const format = resolveSetting(
    flag === undefined ? undefined : parseLogFormat(flag, '--log-format'),
    'DOPPEL_LOG_FORMAT',
    configured === undefined || configured === null
      ? undefined
      : parseLogFormat(String(configured), `serve.logFormat in ${configPath}`),
    context.isTTY ? 'text' : 'json',
    { parse: (text) => parseLogFormat(text, 'DOPPEL_LOG_FORMAT') },
  );
  if (format === 'text') return context.log;
  return createStructuredLogger({ level: context.options().logLevel, write: context.stderr });
}

interface ServeFlags extends ServiceFlags {
  readonly logFormat?: string;
  readonly port?: string;
  readonly host?: string;
  readonly profiles?: string;
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
    .option(
      '--allowed-hosts <names>',
      'Host header names it answers to, comma-separated (env DOPPEL_ALLOWED_HOSTS; default loopback names)',
    )
    .option(
      '--output-root <dir>',
      'folder that file targets and pglite: folders of requests must lie in (env DOPPEL_OUTPUT_ROOT; default none)',
    )
    .option(
      '--adhoc-addresses',
      'let requests name database addresses of their own (env DOPPEL_ADHOC_ADDRESSES)',
    )
    .option(
      '--allow-destructive',
      'allow requests that truncate a target or overwrite a profile (env DOPPEL_ALLOW_DESTRUCTIVE)',
    )
    .option(
      '--cors-origins <origins>',
      'browser origins allowed to call it, comma-separated (env DOPPEL_CORS_ORIGINS)',
    )
    .option(
      '--log-format <format>',
      'service log: json (pino, one object per line) or text (env DOPPEL_LOG_FORMAT; default json, text on a terminal)',
    )
    .action(async (flags: ServeFlags) => {
      const configLocation = resolveConfigPath(undefined);
      const config = await readConfigFile(configLocation);
      const log = createServiceLog(flags.logFormat, config, configLocation.path, context);
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

      const configProfiles = getConfigValue(config, 'serve.profiles');
      const profilesRoot = resolveSetting(
        flags.profiles,
        'DOPPEL_PROFILES',
        typeof configProfiles === 'string' ? configProfiles : undefined,
        DEFAULT_PROFILES_ROOT,
      );
      const settings = resolveServiceSettings(flags, config, configLocation.path);
      checkExposure(host, settings, log);
      if (settings.outputRoot !== undefined)
        await mkdir(settings.outputRoot, { recursive: true }).catch((error: NodeJS.ErrnoException) => {
          throw new DoppelError(
            'refused',
            `The output root ${settings.outputRoot} cannot be created (${error.code ?? 'error'}).`,
          );
        });
      const configured = readConfiguredSchedules(config, configLocation.path);
      const jobs = new JobStore({
        log: log,
        settings: resolveJobSettings(config, configLocation.path),
      });
      // Records of earlier runs: finished ones kept, the running one interrupted, queued ones queued again.
      const jobDeps = { log: log, profilesRoot: resolve(profilesRoot), settings };
      await jobs.load(async (kind, request) => (await PREPARE_JOB[kind](readBody(request), jobDeps)).work);
      const schedules = new Scheduler({
        jobs,
        log: log,
        prepare: (kind, step) => PREPARE_JOB[kind](step, jobDeps),
      });
      await schedules.load(configured);
      const app = createApp({ log: log, profilesRoot, jobs, schedules, settings });
      const server = await startServer(app, { port, host });
      context.output(
        { url: server.url, version: VERSION },
        () => `doppel ${VERSION}: serving on ${server.url}`,
      );
      if (!context.signal.aborted)
        await new Promise((resolve) => context.signal.addEventListener('abort', resolve, { once: true }));
      schedules.close();
      await jobs.close();
      await schedules.idle();
      await server.close();
      log.debug('stopped');
    });
}
