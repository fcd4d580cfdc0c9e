#!/usr/bin/env node
/* global require, __dirname, process, console */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS package: Node loads .node addons with require */
// Install step of fedcxr-native: builds the oneDNN addon with node-gyp, and never fails the install.
// Without libdnnl-dev (or with FEDCXR_NATIVE_SKIP_BUILD=1) it records why in build-error.txt and exits 0:
// fedcxr then falls back to the wasm engine and logs that reason once.
'use strict';
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const errorFile = path.join(root, 'build-error.txt');

function fail(reason) {
  fs.writeFileSync(errorFile, `${reason}\n`);
  console.warn(`fedcxr-native: not built (${reason}); fedcxr will use the wasm engine. ` +
    'Install oneDNN (apt-get install libdnnl-dev g++ make python3) and run `npm rebuild fedcxr-native`.');
  process.exit(0);
}

fs.rmSync(errorFile, { force: true });
if (process.env.FEDCXR_NATIVE_SKIP_BUILD === '1') fail('FEDCXR_NATIVE_SKIP_BUILD=1');

const includeDirs = (process.env.FEDCXR_DNNL_INCLUDE ?? '/usr/include:/usr/local/include').split(':');
if (!includeDirs.some((d) => fs.existsSync(path.join(d, 'dnnl.hpp')))) {
  fail(`oneDNN header dnnl.hpp not found in ${includeDirs.join(', ')}`);
}

// npm exports the path of its bundled node-gyp to lifecycle scripts; otherwise look next to npm.
const candidates = [
  process.env.npm_config_node_gyp,
  path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
].filter((p) => p && fs.existsSync(p));
const gyp = candidates[0];
if (!gyp) fail('node-gyp not found (run the install through npm)');

// Use the headers of the running Node when it ships them (Debian's nodejs does): builds offline.
const args = [gyp, 'rebuild'];
const localHeaders = path.join(path.dirname(process.execPath), '..', 'include', 'node', 'node_api.h');
if (!process.env.npm_config_nodedir && fs.existsSync(localHeaders)) {
  args.push(`--nodedir=${path.resolve(path.dirname(process.execPath), '..')}`);
}
const res = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
if (res.status !== 0) fail(`node-gyp rebuild failed with exit code ${res.status ?? res.signal}`);
console.log('fedcxr-native: built build/Release/fedcxr_native.node');
