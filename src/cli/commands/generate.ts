/**
 * `doppel generate <profile-dir> --target <url|dir|->`: generates data from a stored profile into files,
 * stdout or a database, with progress per dataset, a summary and a run manifest. A thin shell: flags become a
 * generation request, which `runGeneration` (src/generate/run-generation.ts, shared with the HTTP service)
 * carries out.
 */
import type { Command } from 'commander';
import { FILE_FORMATS, type FileFormat } from '../../generate/output/sinks/sink.js';
import { parseNumberOption, parseRowCounts, parseShard } from '../../generate/plan/run-options.js';
import { loadScenario } from '../../generate/plan/scenario.js';
import {
  type GenerationRequest,
  type GenerationResult,
  runGeneration,
} from '../../generate/run-generation.js';
import { type Address, parseAddress } from '../../shared/address.js';
import { resolveSetting } from '../../shared/config.js';
import { DoppelError } from '../../shared/errors.js';
import { LIMITS } from '../../shared/limits.js';
import { openTarget } from '../../sources/index.js';
import { parseDuration, parseRate } from '../../sources/kafka/pacer.js';
import { REGISTRY_ENV } from '../../sources/registry/registry-settings.js';
import { loadProfile } from '../../tasks/index.js';
import type { CliContext } from '../context.js';

interface GenerateFlags {
  target: string;
  format?: string;
  seed: string;
  scale?: string;
  scaleLookups?: boolean;
  rows: string[];
  only: string[];
  skip: string[];
  shard?: string;
  scenario?: string;
  edgeCases?: string;
  respectExisting?: boolean;
  createSchema?: boolean;
  mode: string;
  dryRun?: boolean;
  registry?: string;
  encoding?: string;
  rate?: string;
  duration?: string;
}

/** Result of `doppel generate --json`. */
export type GenerateResult = GenerationResult;

const collect = (value: string, previous: string[]) => [...previous, value];

/** Registers `doppel generate`. */
export function registerGenerate(program: Command, context: CliContext): void {
  program
    .command('generate')
    .description('generate production-like data from a profile into files, stdout or a database')
    .argument('<profile-dir>', 'the profile folder (holds plan.yaml)')
    .requiredOption(
      '-t, --target <url|dir|->',
      'a database URL, a directory (one file per dataset), or - for stdout',
    )
    .option('-f, --format <format>', `file format: ${FILE_FORMATS.join(', ')} (default csv; jsonl on stdout)`)
    .option('--seed <n>', 'seed: the same seed and profile give the same data', '1')
    .option('--scale <x>', 'multiply every profiled row count (lookup tables keep theirs)')
    .option('--scale-lookups', 'scale lookup tables (dataset.lookup) too')
    .option('--rows <name=N>', 'rows for one dataset (repeatable)', collect, [])
    .option('--only <name>', 'generate only these datasets (repeatable, globs allowed)', collect, [])
    .option('--skip <name>', 'do not generate these datasets (repeatable, globs allowed)', collect, [])
    .option('--shard <i/N|auto>', 'write only slice i of N (auto: JOB_COMPLETION_INDEX / DOPPEL_SHARD_COUNT)')
    .option('--scenario <file>', 'scenario overrides (YAML) layered on the profile')
    .option('--edge-cases <p>', 'share of edge values mixed into every eligible field (0..1)')
    .option(
      '--respect-existing',
      'continue after the rows earlier runs wrote to the same target (keys do not collide)',
    )
    .option('--create-schema', 'create tables, types and constraints first (database targets)')
    .option('--mode <mode>', 'append or truncate (database targets)', 'append')
    .option('--dry-run', 'print the plan (datasets, rows, order, cycles) without writing')
    .option(
      '--registry <url>',
      'Kafka targets: schema registry for Confluent-framed values and keys (env DOPPEL_REGISTRY_URL); plain JSON without',
    )
    .option('--encoding <format>', 'Kafka targets with a registry: avro (default) or json-schema')
    .option('--rate <n/s>', 'Kafka targets: records per second over the run (500/s, 30000/m)')
    .option('--duration <time>', 'with --rate: run this long (10m, 90s, 1h); rows = rate × duration')
    .action(async (dir: string, flags: GenerateFlags) => {
      const result = await runGenerate(dir, flags, context);
      context.output(result, () => describeResult(result));
    });
}

function parseFormat(text: string | undefined): FileFormat | undefined {
  if (text === undefined) return undefined;
  if (!(FILE_FORMATS as readonly string[]).includes(text))
    throw new DoppelError('usage', `--format "${text}" is not one of ${FILE_FORMATS.join(', ')}.`);
  return text as FileFormat;
}

/** The generation request the flags describe; every mistake is a usage error naming the flag. */
async function parseRequest(flags: GenerateFlags): Promise<GenerationRequest> {
  const target = parseAddress(flags.target);
  const format = parseFormat(flags.format);
  if (flags.mode !== 'append' && flags.mode !== 'truncate')
    throw new DoppelError('usage', `--mode "${flags.mode}" is not append or truncate.`);
  return {
    target,
    ...(format === undefined ? {} : { format }),
    seed: parseNumberOption('seed', flags.seed, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true),
    ...(flags.scale === undefined ? {} : { scale: parseNumberOption('scale', flags.scale, 0, LIMITS.scale) }),
    ...(flags.scaleLookups ? { scaleLookups: true } : {}),
    rows: parseRowCounts(flags.rows),
    only: flags.only,
    skip: flags.skip,
    ...(flags.shard === undefined ? {} : { shard: parseShard(flags.shard) }),
    ...(flags.scenario === undefined
      ? {}
      : { scenario: await loadScenario(flags.scenario), scenarioFile: flags.scenario }),
    ...(flags.edgeCases === undefined
      ? {}
      : { edgeCases: parseNumberOption('edge-cases', flags.edgeCases, 0, 1) }),
    ...(flags.respectExisting ? { respectExisting: true } : {}),
    ...(flags.createSchema ? { createSchema: true } : {}),
    mode: flags.mode,
    ...(flags.dryRun ? { dryRun: true } : {}),
    ...parseStreamFlags(flags, target),
  };
}

/** `--registry`, `--encoding`, `--rate`, `--duration` (Kafka targets; DOPPEL_REGISTRY_URL for the first). */
function parseStreamFlags(flags: GenerateFlags, target: Address): Pick<GenerationRequest, 'stream'> {
  if (flags.encoding !== undefined && flags.encoding !== 'avro' && flags.encoding !== 'json-schema')
    throw new DoppelError('usage', `--encoding "${flags.encoding}" is not avro or json-schema.`);
  const rate = flags.rate === undefined ? undefined : parseRate(flags.rate);
  if (flags.rate !== undefined && rate === undefined)
    throw new DoppelError('usage', `--rate "${flags.rate}" is not a rate such as 500/s, 30000/m or 500.`);
  const duration = flags.duration === undefined ? undefined : parseDuration(flags.duration);
  if (flags.duration !== undefined && duration === undefined)
    throw new DoppelError('usage', `--duration "${flags.duration}" is not a time such as 10m, 90s or 1h30m.`);
  // The environment's registry applies to Kafka targets only (a file target ignores it).
  const registry =
    flags.registry ??
    (target.kind === 'kafka'
      ? resolveSetting<string | undefined>(undefined, REGISTRY_ENV.url, undefined, undefined)
      : undefined);
  if (flags.encoding !== undefined && registry === undefined)
    throw new DoppelError(
      'usage',
      '--encoding chooses a registry format: give --registry (or DOPPEL_REGISTRY_URL) too.',
    );
  const stream = {
    ...(registry === undefined ? {} : { registry }),
    ...(flags.encoding === undefined ? {} : { encoding: flags.encoding as 'avro' | 'json-schema' }),
    ...(rate === undefined ? {} : { rate }),
    ...(duration === undefined ? {} : { duration }),
  };
  return Object.keys(stream).length === 0 ? {} : { stream };
}

async function runGenerate(dir: string, flags: GenerateFlags, context: CliContext): Promise<GenerateResult> {
  const request = await parseRequest(flags);
  const profile = await loadProfile(dir, { signal: context.signal });
  return runGeneration(profile, dir, request, {
    log: context.log,
    openTarget,
    signal: context.signal,
    onProgress: createProgress(context),
    stdout: process.stdout,
    stream: {
      onPace: (status) =>
        context.progress(
          `kafka: ${status.records.toLocaleString('en-US')} records, ${Math.round(status.rate).toLocaleString('en-US')}/s, ${status.lag.toFixed(1)} s behind schedule`,
        ),
    },
  });
}

function createProgress(context: CliContext): (dataset: string, rows: number, total: number) => void {
  const rates = createRateMeter();
  return (dataset, rows, total) =>
    context.progress(
      `${dataset}: ${rows.toLocaleString('en-US')}/${total.toLocaleString('en-US')} rows, ${rates(dataset, rows)} rows/s`,
    );
}

/** Rows per second per dataset, from the first progress report on. */
function createRateMeter(): (dataset: string, rows: number) => string {
  const started = new Map<string, number>();
  return (dataset, rows) => {
    const now = performance.now();
    if (!started.has(dataset)) started.set(dataset, now);
    const seconds = (now - started.get(dataset)!) / 1000;
    return seconds > 0 ? Math.round(rows / seconds).toLocaleString('en-US') : '-';
  };
}

function describeResult(result: GenerateResult): string {
  const lines: string[] = [];
  if (result.dryRun) {
    lines.push(`plan for ${result.target} (nothing written):`);
    for (const [position, dataset] of result.plan.datasets.entries()) {
      const rows = dataset.end - dataset.start;
      lines.push(
        `  ${position + 1}. ${dataset.name}: ${dataset.generate ? `${rows.toLocaleString('en-US')} rows` : `skipped (${dataset.reason})`}`,
      );
    }
    for (const cycle of result.plan.cycles)
      lines.push(`  cycle ${cycle.datasets.join(' <-> ')}: ${cycle.strategy} on ${cycle.relation}`);
    lines.push(...describeShortfalls(result));
    return lines.join('\n');
  }
  let total = 0;
  for (const dataset of result.datasets) {
    total += dataset.rows;
    const rate =
      dataset.seconds > 0 ? Math.round(dataset.rows / dataset.seconds).toLocaleString('en-US') : '-';
    lines.push(
      `${dataset.name}: ${dataset.rows.toLocaleString('en-US')} rows in ${dataset.seconds.toFixed(1)} s (${rate} rows/s)${dataset.file ? ` -> ${dataset.file}` : ''}`,
    );
  }
  lines.push(
    `generated ${total.toLocaleString('en-US')} rows in ${result.datasets.length} dataset(s) into ${result.target} in ${(result.seconds ?? 0).toFixed(1)} s (run ${result.run})`,
  );
  lines.push(...describeShortfalls(result));
  return lines.join('\n');
}

/** One line per unique field whose vocabulary ran short. */
function describeShortfalls(result: GenerateResult): string[] {
  return (result.shortfalls ?? []).map(
    (shortfall) =>
      `${shortfall.dataset}.${shortfall.field}: ${shortfall.rows.toLocaleString('en-US')} unique values asked, ${shortfall.vocabulary.toLocaleString('en-US')} in the vocabulary; the other ${(shortfall.rows - shortfall.vocabulary).toLocaleString('en-US')} are shape-preserving syllables (letters only, about the measured length)`,
  );
}
