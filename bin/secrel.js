#!/usr/bin/env node
// The `secrel` command: runs the TypeScript CLI through tsx, so no build step is needed.
import { register } from 'tsx/esm/api';

register();
const { main, exitWith } = await import('../src/cli/main.ts');
exitWith(await main(process.argv));
