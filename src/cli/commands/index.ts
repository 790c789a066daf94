/** Every subcommand, in the order `doppel --help` lists them. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerClean } from './clean.js';
import { registerDemo } from './demo.js';
import { registerDiff } from './diff.js';
import { registerExport } from './export.js';
import { registerGenerate } from './generate.js';
import { registerInspect } from './inspect.js';
import { registerLint } from './lint.js';
import { registerProfile } from './profile.js';
import { registerReport } from './report.js';
import { registerServe } from './serve.js';
import { registerValidate } from './validate.js';

export type RegisterCommand = (program: Command, context: CliContext) => void;

export const COMMANDS: readonly RegisterCommand[] = [
  registerInspect,
  registerProfile,
  registerGenerate,
  registerValidate,
  registerDiff,
  registerExport,
  registerReport,
  registerClean,
  registerDemo,
  registerLint,
  registerServe,
];
