#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx's loader: no build step, no stale dist/.
import { register } from 'tsx/esm/api';

register();
await import('../cli/fedcxr.ts');
