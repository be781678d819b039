#!/usr/bin/env node
// The operator CLI's entry point (`npx xtsync …` in this repository). It registers tsx's loader in this
// process and imports the TypeScript sources directly, so the CLI needs no build step. The exit code is set
// rather than forced with process.exit(), so everything written to stdout and stderr is flushed first.
import process from 'node:process';
import { register } from 'tsx/esm/api';

register();
const { runCliInProcess } = await import('../src/cli/main.ts');
process.exitCode = await runCliInProcess();
