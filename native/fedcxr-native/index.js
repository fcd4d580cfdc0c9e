/* global require, module, __dirname */
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS package: Node loads .node addons with require */
// Loads the fedcxr-native addon; throws an Error naming why when the install step could not build it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const addonPath = path.join(__dirname, 'build', 'Release', 'fedcxr_native.node');
const errorFile = path.join(__dirname, 'build-error.txt');
// The last install attempt's failure wins over an older build left on disk.
if (fs.existsSync(errorFile)) {
  throw new Error(`fedcxr-native addon not built: ${fs.readFileSync(errorFile, 'utf8').trim()}`);
}
if (!fs.existsSync(addonPath)) throw new Error('fedcxr-native addon not built: its install step did not run');
module.exports = require(addonPath);
