/** Every subcommand, in the order `doppel --help` lists them. */
import type { Command } from 'commander';
import type { CliContext } from '../context.js';
import { registerLint } from './lint.js';
import { registerServe } from './serve.js';

export type RegisterCommand = (program: Command, context: CliContext) => void;

export const COMMANDS: readonly RegisterCommand[] = [registerLint, registerServe];
