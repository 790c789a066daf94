/** Runs the CLI from source in a child process (used by the CLI tests to vary TZ and locale). */
import { runCli } from '../../../src/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
