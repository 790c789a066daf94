/**
 * What a schedule is: a name, a cron expression (croner: five fields, or six with seconds first), an
 * optional time zone, whether it is enabled, and its steps: job requests (`POST /jobs` bodies) run one after
 * the other. Definitions come from `serve.schedules` in doppel.yaml or from `POST /schedules`, and are checked
 * the same way here: the expression parses, the time zone exists, every step is a valid job request, and no
 * step carries a credential (schedules are stored on disk; steps name the service's connections instead).
 */
import { Cron } from 'croner';
import { getConfigValue } from '../../shared/config.js';
import { DoppelError } from '../../shared/errors.js';
import { redactJsonValue } from '../../shared/redact.js';
import { checkJobRequest } from '../request-validation.js';

export const SCHEDULE_NAME = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,99}$/;

/** Steps in one schedule at most (openapi.yaml's `maxItems`). */
export const MAXIMUM_STEPS = 20;

/** A step: the body of a `POST /jobs` request. */
export type ScheduleStep = Readonly<Record<string, unknown>> & { readonly kind: string };

export interface ScheduleDefinition {
  readonly name: string;
  readonly cron: string;
  /** An IANA time zone the expression is read in (default: the service's local time). */
  readonly timezone?: string;
  readonly enabled: boolean;
  readonly steps: readonly ScheduleStep[];
}

/** The parsed expression; throws a DoppelError of `kind` naming `where` when it or the time zone is wrong. */
export function parseCron(
  cron: string,
  timezone: string | undefined,
  where: string,
  kind: 'usage' | 'invalidInput' = 'usage',
): Cron {
  let parsed: Cron;
  try {
    parsed = new Cron(cron, { paused: true, ...(timezone === undefined ? {} : { timezone }) });
  } catch (error) {
    throw new DoppelError(
      kind,
      `${where}: the cron expression "${cron}" is not valid (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  try {
    parsed.nextRun();
  } catch (error) {
    throw new DoppelError(
      kind,
      `${where}: the time zone "${timezone}" is not known (${error instanceof Error ? error.message : String(error)}).`,
    );
  }
  return parsed;
}

/**
 * Checks a definition (a request body or an entry of `serve.schedules`); `where` names it in errors, and
 * `kind` is `usage` for a request (400) and `invalidInput` for the configuration file.
 */
export function checkScheduleDefinition(
  value: Readonly<Record<string, unknown>>,
  where: string,
  kind: 'usage' | 'invalidInput' = 'usage',
): ScheduleDefinition {
  const { name, cron, timezone, enabled, steps, ...unknown } = value;
  const extra = Object.keys(unknown)[0];
  if (extra !== undefined) throw new DoppelError(kind, `${where}: unknown setting "${extra}".`);
  if (typeof name !== 'string' || !SCHEDULE_NAME.test(name))
    throw new DoppelError(
      kind,
      `${where}: a schedule name is 1 to 100 letters, digits, ".", "_", "-" (not starting with "." or "-").`,
    );
  if (typeof cron !== 'string' || cron.trim() === '')
    throw new DoppelError(kind, `${where}: "cron" must be a cron expression such as "0 3 * * *".`);
  if (timezone !== undefined && (typeof timezone !== 'string' || timezone.trim() === ''))
    throw new DoppelError(kind, `${where}: "timezone" must be a time zone such as "Europe/Berlin".`);
  if (enabled !== undefined && typeof enabled !== 'boolean')
    throw new DoppelError(kind, `${where}: "enabled" must be true or false.`);
  parseCron(cron, timezone, where, kind);
  if (!Array.isArray(steps) || steps.length === 0 || steps.length > MAXIMUM_STEPS)
    throw new DoppelError(kind, `${where}: "steps" must be a list of 1 to ${MAXIMUM_STEPS} job requests.`);
  const checked = steps.map((step, index) => {
    const at = `${where}: step ${index + 1}`;
    checkJobRequest(step, at, kind);
    if (JSON.stringify(step, redactJsonValue) !== JSON.stringify(step))
      throw new DoppelError(
        kind,
        `${at} carries a credential; schedules are stored on disk, so name one of the service's connections (serve.connections, with passwordEnv or passwordFile) instead.`,
      );
    return step as ScheduleStep;
  });
  return {
    name,
    cron: cron.trim(),
    ...(timezone === undefined ? {} : { timezone }),
    enabled: enabled ?? true,
    steps: checked,
  };
}

/** Reads `serve.schedules` (a map of names to `{ cron, timezone?, enabled?, steps }`). */
export function readConfiguredSchedules(
  config: Readonly<Record<string, unknown>>,
  configPath: string,
): ScheduleDefinition[] {
  const section = getConfigValue(config, 'serve.schedules');
  if (section === undefined || section === null) return [];
  const where = `serve.schedules in ${configPath}`;
  if (typeof section !== 'object' || Array.isArray(section))
    throw new DoppelError(
      'invalidInput',
      `${where} must map schedule names to { cron, timezone?, enabled?, steps }.`,
    );
  return Object.entries(section).map(([name, entry]) => {
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry))
      throw new DoppelError(
        'invalidInput',
        `${where}: ${name} must be { cron, timezone?, enabled?, steps }.`,
      );
    return checkScheduleDefinition({ ...entry, name }, `${where}: ${name}`, 'invalidInput');
  });
}
