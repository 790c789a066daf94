/**
 * The `doppel` command line: global options, the subcommands, and one place that turns errors into a message
 * and an exit code (see `src/shared/errors.ts`). Each subcommand lives in `commands/<name>.ts` and is a thin
 * shell over the core.
 */
import { Command, CommanderError, Option } from 'commander';
import { DoppelError, EXIT, exitCodeOf } from '../shared/errors.js';
import { createLogger, LOG_LEVELS, type LogLevel } from '../shared/log.js';
import { redactJsonValue, redactText, registerEnvironmentSecrets } from '../shared/redact.js';
import { VERSION } from '../shared/version.js';
import { ProfileError } from '../tasks/problems.js';
import { COMMANDS } from './commands/index.js';
import { type CliStreams, createContext, type GlobalOptions } from './context.js';

/** Runs the CLI with `argv` (without node and script) and returns the exit code. Never throws. */
export async function runCli(argv: readonly string[], given: CliStreams = processStreams()): Promise<number> {
  registerEnvironmentSecrets();
  // Under --json stdout holds one JSON object: the result, or the error when there is none.
  let printed = false;
  const streams: CliStreams = {
    ...given,
    stdout: (text) => {
      printed = true;
      given.stdout(text);
    },
  };
  const program = new Command('doppel');
  const controller = new AbortController();
  const readOptions = (): GlobalOptions => {
    const raw = program.opts<{ json?: boolean; quiet?: boolean; logLevel?: LogLevel }>();
    return {
      json: raw.json ?? false,
      quiet: raw.quiet ?? false,
      logLevel: raw.logLevel ?? (process.env.DOPPEL_LOG_LEVEL as LogLevel | undefined) ?? 'info',
    };
  };
  const log = createLogger({
    get level() {
      return readOptions().logLevel;
    },
    write: (line) => streams.stderr(`${line}\n`),
  });
  const context = createContext(readOptions, streams, log, controller.signal);

  program
    .description(
      'Profile data sources safely into portable task files; generate production-like data from them.',
    )
    .version(VERSION, '-V, --version', 'print the version')
    .option('--json', 'print results as JSON (the shapes the HTTP API returns)')
    .option('-q, --quiet', 'print nothing but errors')
    .addOption(
      new Option('--log-level <level>', 'diagnostics on stderr').choices(LOG_LEVELS as unknown as string[]),
    )
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => streams.stdout(text),
      writeErr: (text) => streams.stderr(text),
    })
    .exitOverride();
  for (const register of COMMANDS) register(program, context);
  program.commands.forEach((command) => {
    command.exitOverride();
    command.showHelpAfterError('(run with --help for usage)');
  });

  const onSignal = () => controller.abort(new DoppelError('cancelled', 'Cancelled.'));
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return EXIT.ok;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    const options = readOptions();
    const code = reportError(error, streams, options.logLevel);
    if (options.json && !printed && code !== EXIT.ok) printJsonError(error, given);
    return code;
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
  }
}

function reportError(error: unknown, streams: CliStreams, level: LogLevel): number {
  if (error instanceof CommanderError) {
    // Help and version end here with code 0; commander already printed its message.
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  if (error instanceof DoppelError) {
    streams.stderr(`doppel: ${redactText(error.message)}\n`);
    for (const detail of error.details) streams.stderr(`  ${redactText(detail)}\n`);
    if (level === 'debug' && error.cause instanceof Error)
      streams.stderr(`${redactText(error.cause.stack ?? error.cause.message)}\n`);
    return error.exitCode;
  }
  const internal = error instanceof Error ? error : new Error(String(error));
  streams.stderr(`doppel: internal error: ${redactText(internal.message)}\n`);
  if (level === 'debug') streams.stderr(`${redactText(internal.stack ?? '')}\n`);
  else streams.stderr('  (run with --log-level debug for details, and please report it)\n');
  return exitCodeOf(error);
}

/** The error as the HTTP API shapes it, `{ error: { kind, message, details?, problems? } }`, on stdout. */
function printJsonError(error: unknown, streams: CliStreams): void {
  const body =
    error instanceof DoppelError
      ? {
          kind: error.kind,
          message: redactText(error.message),
          ...(error.details.length > 0 ? { details: error.details.map(redactText) } : {}),
          ...(error instanceof ProfileError ? { problems: error.problems } : {}),
        }
      : error instanceof CommanderError
        ? { kind: 'usage', message: redactText(error.message.replace(/^error: /, '')) }
        : { kind: 'internal', message: 'Internal error; run with --log-level debug for details.' };
  try {
    streams.stdout(`${JSON.stringify({ error: body }, redactJsonValue, 2)}\n`);
  } catch {
    // stdout is gone (a closed pipe): the line on stderr is all there is.
  }
}

function processStreams(): CliStreams {
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    isTTY: Boolean(process.stderr.isTTY),
  };
}
