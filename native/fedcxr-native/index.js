// Loads the fedcxr-native addon; throws an Error naming why when the install step could not build it.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

const addonPath = path.join(__dirname, 'build', 'Release', 'fedcxr_native.node');
if (!fs.existsSync(addonPath)) {
  const errorFile = path.join(__dirname, 'build-error.txt');
  const reason = fs.existsSync(errorFile) ? fs.readFileSync(errorFile, 'utf8').trim() : 'the install step did not run';
  throw new Error(`fedcxr-native addon not built: ${reason}`);
}
module.exports = require(addonPath);
