/**
 * `doppel profile <source-url|config.yaml> --out <dir>`: profiles one source (or every source a config file
 * names) into a folder of task files, showing progress per dataset on stderr and a summary at the end.
 * Re-profiling into the same folder keeps recipes marked `edited: true`.
 */
import { access, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { DEFAULT_PRIVACY } from '../../profile/privacy/privacy.js';
import { type ProfileConfigSource, parseProfileConfig } from '../../profile/profile-config.js';
import {
  DEFAULT_SAMPLING,
  type ProfileProgress,
  profileSource,
  type SamplingBudget,
} from '../../profile/run.js';
import { type ProfileSummary, summarizeProfile } from '../../profile/summary.js';
import { keepEditedRecipes } from '../../profile/write/edited.js';
import { combineProfiles } from '../../profile/write/plan.js';
import { type Address, databaseNameOf, displayAddress, parseAddress } from '../../shared/address.js';
import { DoppelError } from '../../shared/errors.js';
import { LIMITS } from '../../shared/limits.js';
import { openSource } from '../../sources/index.js';
import { PLAN_FILE_NAME } from '../../tasks/file-name.js';
import { loadProfile } from '../../tasks/load.js';
import { saveProfile } from '../../tasks/save.js';
import type { PrivacyOverride, Profile } from '../../tasks/types.js';
import type { CliContext } from '../context.js';

interface ProfileFlags {
  out?: string;
  include: string[];
  exclude: string[];
  sampleRows?: string;
  timeBudget?: string;
  full?: boolean;
  fromStats?: boolean | string;
  seed?: string;
  k?: string;
  name?: string;
  registry?: string;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `doppel profile`. */
export function registerProfile(program: Command, context: CliContext): void {
  program
    .command('profile')
    .description('profile a source (URL or profile config YAML) safely into a folder of task files')
    .argument(
      '<source>',
      'source address (postgres://..., mysql://..., mongodb://..., kafka://host:9092/topic, registry+http://..., pglite:<dir>) or a profile config .yaml',
    )
    .option('-o, --out <dir>', 'profile folder to write (default profiles/<name>)')
    .option('--include <glob>', 'datasets to profile, by name or glob (repeatable)', collect, [])
    .option('--exclude <glob>', 'datasets to skip, by name or glob (repeatable)', collect, [])
    .option('--sample-rows <n>', `rows sampled per dataset (default ${DEFAULT_SAMPLING.rows})`)
    .option(
      '--time-budget <seconds>',
      `seconds of sampling per dataset (default ${DEFAULT_SAMPLING.seconds})`,
    )
    .option('--full', 'read every row instead of sampling')
    .option(
      '--from-stats [fallback]',
      "build the profile from the database's own statistics, reading no row (PostgreSQL); =fallback samples tables without them",
    )
    .option('--seed <n>', `sampling seed (default ${DEFAULT_SAMPLING.seed})`)
    .option('--k <n>', `a literal is kept only if seen at least k times (default ${DEFAULT_PRIVACY.k})`)
    .option('--name <name>', 'profile name written to plan.yaml')
    .option(
      '--registry <url>',
      'Kafka sources: the schema registry that decodes framed messages (env DOPPEL_REGISTRY_URL)',
    )
    .action(async (target: string, flags: ProfileFlags) => {
      const started = performance.now();
      const plan = await planRun(target, flags);
      // Read an existing profile first, so that a broken one stops the run before any work is done.
      const previous = (await exists(join(plan.out, PLAN_FILE_NAME)))
        ? await loadProfile(plan.out)
        : undefined;
      const profiles: Profile[] = [];
      for (const source of plan.sources) profiles.push(await profileOne(source, plan, context));
      const combined = combineProfiles(profiles);
      const profile = previous === undefined ? combined : keepEditedRecipes(combined, previous);
      await saveProfile(plan.out, profile);
      const seconds = Math.round((performance.now() - started) / 100) / 10;
      const summary = summarizeProfile(profile);
      context.output({ out: plan.out, profile: plan.name, seconds, summary }, () =>
        describeSummary(plan.out, seconds, summary),
      );
    });
}

interface RunPlan {
  readonly name: string;
  readonly out: string;
  readonly sampling: SamplingBudget;
  readonly k: number;
  readonly statistics?: 'only' | 'fallback';
  readonly overrides: readonly PrivacyOverride[];
  readonly sources: readonly (ProfileConfigSource & { readonly address: Address })[];
  /** Kafka sources: the registry given with --registry. */
  readonly registry?: string;
}

async function planRun(target: string, flags: ProfileFlags): Promise<RunPlan> {
  const plan = await planSources(target, flags);
  return flags.registry === undefined ? plan : { ...plan, registry: flags.registry };
}

async function planSources(target: string, flags: ProfileFlags): Promise<RunPlan> {
  const flagSampling: Partial<SamplingBudget> = {
    ...(flags.sampleRows !== undefined
      ? { rows: parseCount(flags.sampleRows, '--sample-rows', 1, LIMITS.sampleRows) }
      : {}),
    ...(flags.timeBudget !== undefined ? { seconds: parseCount(flags.timeBudget, '--time-budget') } : {}),
    ...(flags.seed !== undefined ? { seed: parseCount(flags.seed, '--seed', 0) } : {}),
    ...(flags.full ? { full: true } : {}),
  };
  const k = flags.k === undefined ? undefined : parseCount(flags.k, '--k');
  const statistics = parseFromStats(flags.fromStats);
  if (/\.ya?ml$/i.test(target) && !target.includes('://')) {
    const text = await readFile(target, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new DoppelError(
        'invalidInput',
        `The profile config ${target} cannot be read (${error.code ?? 'error'}).`,
      );
    });
    const config = parseProfileConfig(text, target);
    const name = flags.name ?? config.profile ?? config.sources[0]!.name;
    return {
      name,
      out: flags.out ?? config.out ?? join('profiles', name),
      sampling: { ...DEFAULT_SAMPLING, ...config.sampling, ...flagSampling },
      k: k ?? config.privacy.k ?? DEFAULT_PRIVACY.k,
      ...(statistics !== undefined ? { statistics } : {}),
      overrides: config.privacy.overrides,
      sources: config.sources.map((source) => ({
        ...source,
        include: [...(source.include ?? []), ...flags.include],
        exclude: [...(source.exclude ?? []), ...flags.exclude],
        address: parseAddress(source.url),
      })),
    };
  }
  const address = parseAddress(target);
  const name = flags.name ?? sourceNameOf(address);
  return {
    name,
    out: flags.out ?? join('profiles', name),
    sampling: { ...DEFAULT_SAMPLING, ...flagSampling },
    k: k ?? DEFAULT_PRIVACY.k,
    ...(statistics !== undefined ? { statistics } : {}),
    overrides: [],
    sources: [
      { name: sourceNameOf(address), url: target, include: flags.include, exclude: flags.exclude, address },
    ],
  };
}

/** `--from-stats` alone reads statistics only; `--from-stats=fallback` samples datasets without them. */
function parseFromStats(flag: boolean | string | undefined): RunPlan['statistics'] {
  if (flag === undefined || flag === false) return undefined;
  if (flag === true) return 'only';
  if (flag === 'fallback') return 'fallback';
  throw new DoppelError('usage', `--from-stats takes no value or "fallback", not "${flag}".`);
}

/** A display name for a source: its database name, never its address. */
function sourceNameOf(address: Address): string {
  if (address.kind === 'pglite') return 'pglite';
  if (!('url' in address))
    throw new DoppelError(
      'usage',
      `Cannot profile ${displayAddress(address)}: give a database address or a profile config .yaml.`,
    );
  return databaseNameOf(address);
}

async function profileOne(
  source: RunPlan['sources'][number],
  plan: RunPlan,
  context: CliContext,
): Promise<Profile> {
  const session = await openSource(source.address, {
    log: context.log,
    name: source.name,
    ...(plan.registry === undefined ? {} : { stream: { registry: plan.registry } }),
  });
  try {
    return await profileSource(session, {
      profile: plan.name,
      filter: {
        ...(source.include !== undefined && source.include.length > 0 ? { include: source.include } : {}),
        ...(source.exclude !== undefined && source.exclude.length > 0 ? { exclude: source.exclude } : {}),
      },
      sampling: plan.sampling,
      privacy: { k: plan.k, overrides: plan.overrides },
      ...(plan.statistics !== undefined ? { statistics: plan.statistics } : {}),
      signal: context.signal,
      onProgress: (event) => reportProgress(source.name, event, context),
    });
  } finally {
    await session.close();
  }
}

/** One progress line per dataset (overwritten in place on a terminal, plain lines otherwise). */
export function reportProgress(source: string, event: ProfileProgress, context: CliContext): void {
  if (event.kind === 'extracted') context.progress(`${source}: ${event.datasets} datasets found`);
  else if (event.kind === 'relations') context.progress(`${source}: ${event.relations} relations measured`);
  else if (event.done || event.rows === 0)
    context.progress(
      `${source}: [${event.index + 1}/${event.total}] ${event.dataset}: ${event.done ? (event.fromStatistics ? 'read from statistics' : `${event.rows} rows sampled in ${event.seconds.toFixed(1)} s`) : 'sampling...'}`,
    );
  else
    context.progress(
      `${source}: [${event.index + 1}/${event.total}] ${event.dataset}: ${event.rows} rows...`,
    );
}

/** The summary printed after a run. */
export function describeSummary(out: string, seconds: number, summary: ProfileSummary): string {
  const semantics = Object.entries(summary.semantics).map(([type, count]) => `${type} ${count}`);
  return [
    `Profiled ${summary.datasets} datasets, ${summary.fields} fields, ${summary.rows} rows sampled in ${seconds} s.`,
    `Semantics: ${semantics.length === 0 ? 'none' : semantics.join(', ')} (${summary.personal} personal).`,
    `Relations: ${summary.relations.declared} declared, ${summary.relations.inferred} inferred; rules: ${summary.rules}.`,
    `Written to ${out}`,
  ].join('\n');
}

function parseCount(text: string, flag: string, minimum = 1, maximum = Number.MAX_SAFE_INTEGER): number {
  const value = /^\d+$/.test(text.trim()) ? Number(text.trim()) : Number.NaN;
  if (!Number.isSafeInteger(value) || value < minimum || value > maximum)
    throw new DoppelError(
      'usage',
      `${flag} must be a whole number from ${minimum} to ${maximum}, not "${text}".`,
    );
  return value;
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}
