#!/usr/bin/env node
// The operator's command. Runs the TypeScript sources through tsx, like `npm start`.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/index.ts');
process.exitCode = await main(process.argv.slice(2));
