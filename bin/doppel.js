#!/usr/bin/env node
// The built CLI lives in dist/ (built by `npm ci` through the `prepare` script, or `npm run build`).
import { runCli } from '../dist/cli/main.js';

process.exitCode = await runCli(process.argv.slice(2));
