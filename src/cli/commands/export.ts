/**
 * `doppel export <profile-dir> --registry <url>`: a profile's datasets as Avro or JSON Schema subjects in a
 * Confluent-compatible schema registry (checked for compatibility first) and/or as files (`--out`). A thin
 * shell over `exportProfile` (src/export/export-profile.ts), which the HTTP service's export jobs share.
 */
import { type Command, Option } from 'commander';
import { type ExportResult, exportProfile, type SubjectReport } from '../../export/export-profile.js';
import { SCHEMA_FORMATS, type SchemaFormat } from '../../export/record.js';
import {
  checkTopicTemplate,
  DEFAULT_TOPIC_TEMPLATE,
  SUBJECT_STRATEGIES,
  type SubjectStrategy,
} from '../../export/subjects.js';
import { DoppelError } from '../../shared/errors.js';
import { COMPATIBILITY_LEVELS, RegistryClient } from '../../sources/registry/registry-client.js';
import { resolveRegistrySettings } from '../../sources/registry/registry-settings.js';
import { loadProfile } from '../../tasks/index.js';
import type { CliContext } from '../context.js';

interface ExportFlags {
  registry?: string;
  format: SchemaFormat;
  strategy: SubjectStrategy;
  topic: string;
  keys: boolean;
  compatibility?: string;
  out?: string;
  dryRun?: boolean;
}

/** Registers `doppel export`. */
export function registerExport(program: Command, context: CliContext): void {
  program
    .command('export')
    .description(
      'export a profile as Avro or JSON Schema into a schema registry (compatibility checked) or files',
    )
    .argument('<profile-dir>', 'the profile folder (holds plan.yaml)')
    .option('--registry <url>', 'the registry, http(s)://host:port (env DOPPEL_REGISTRY_URL)')
    .addOption(new Option('--format <format>', 'schema format').choices([...SCHEMA_FORMATS]).default('avro'))
    .addOption(
      new Option('--strategy <strategy>', 'subject naming: <topic>-value/-key, record name, or topic-record')
        .choices([...SUBJECT_STRATEGIES])
        .default('topic'),
    )
    .option(
      '--topic <template>',
      'topic per dataset: {name}, {namespace}, {local}, {source}',
      DEFAULT_TOPIC_TEMPLATE,
    )
    .option('--no-keys', 'do not export key schemas (from primary keys)')
    .addOption(
      new Option('--compatibility <level>', 'compatibility level set on subjects this run creates').choices([
        ...COMPATIBILITY_LEVELS,
      ]),
    )
    .option('--out <dir>', "also write each subject's schema as a file into this folder")
    .option('--dry-run', 'check and report; register and write nothing')
    .action(async (dir: string, flags: ExportFlags) => {
      const result = await runExport(dir, flags, context);
      context.output(result, () => describeExport(result));
      if (!result.ok) {
        const incompatible = result.subjects.filter((subject) => subject.status === 'incompatible');
        throw new DoppelError(
          'checkFailed',
          `${incompatible.length} subject(s) are incompatible with their latest version and were not registered: ${incompatible.map((subject) => subject.subject).join(', ')}.`,
        );
      }
    });
}

async function runExport(dir: string, flags: ExportFlags, context: CliContext): Promise<ExportResult> {
  const settings = resolveRegistrySettings(flags.registry);
  const topic = checkTopicTemplate(flags.topic);
  const profile = await loadProfile(dir, { signal: context.signal });
  return exportProfile(profile, settings === undefined ? undefined : new RegistryClient(settings), {
    format: flags.format,
    strategy: flags.strategy,
    topic,
    keys: flags.keys,
    ...(flags.compatibility === undefined ? {} : { compatibility: flags.compatibility }),
    ...(flags.out === undefined ? {} : { out: flags.out }),
    ...(flags.dryRun ? { dryRun: true } : {}),
    signal: context.signal,
    onProgress: (subject, index, total) => context.progress(`[${index + 1}/${total}] checking ${subject}`),
  });
}

function describeSubject(subject: SubjectReport): string[] {
  const identity = [
    subject.id === undefined ? '' : `id ${subject.id}`,
    subject.version === undefined ? '' : `version ${subject.version}`,
  ].filter((part) => part !== '');
  const status = subject.status === 'compatible' ? 'compatible new version' : (subject.status ?? 'written');
  const lines = [
    `${subject.subject}  ${status}${identity.length > 0 ? ` (${identity.join(', ')})` : ''}${subject.registered ? ', registered' : ''}${subject.file === undefined ? '' : ` -> ${subject.file}`}`,
  ];
  for (const message of subject.messages ?? []) lines.push(`    ${message}`);
  return lines;
}

function describeExport(result: ExportResult): string {
  const lines = result.subjects.flatMap(describeSubject);
  const registered = result.subjects.filter((subject) => subject.registered).length;
  const where = result.registry === undefined ? 'files' : result.registry;
  lines.push(
    `${result.subjects.length} subject(s) of profile ${result.profile} as ${result.format} (${result.strategy} strategy) into ${where}: ${result.dryRun ? 'dry run, nothing written' : `${registered} registered`}`,
  );
  return lines.join('\n');
}
