#!/usr/bin/env node
'use strict'
// The CLI is built into out/cli by `npm install` (the prepare script) or `npm run build:cli`.
try {
  var cli = require('../out/cli/index.cjs')
} catch (error) {
  if (error && error.code === 'MODULE_NOT_FOUND' && String(error.message).includes('out/cli/index.cjs')) {
    process.stderr.write('compress-video is not built yet. Run "npm install" (or "npm run build:cli") in the project folder first.\n')
    process.exit(2)
  }
  throw error
}
cli.run()
