// `npm start`'s prestart: stops at once, with one sentence, when Electron's binary is missing
// (installs made with ELECTRON_SKIP_BINARY_DOWNLOAD=1, or offline) instead of letting
// electron-vite build first and then fail with "Error: Electron uninstall" and a stack trace.
// Looks where electron-vite looks: ELECTRON_EXEC_PATH, else node_modules/electron/path.txt
// naming the executable under node_modules/electron/dist.
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

function electronExecutable() {
  if (process.env.ELECTRON_EXEC_PATH) return process.env.ELECTRON_EXEC_PATH
  let packageDir
  try {
    packageDir = path.dirname(createRequire(import.meta.url).resolve('electron/package.json'))
  } catch {
    return undefined
  }
  const pathFile = path.join(packageDir, 'path.txt')
  return existsSync(pathFile) ? path.join(packageDir, 'dist', readFileSync(pathFile, 'utf8')) : undefined
}

const executable = electronExecutable()
if (!executable || !existsSync(executable)) {
  process.stderr.write(
    "Electron's binary is not installed, so the app cannot start: run `node node_modules/electron/install.js` on a machine with internet access (it downloads the binary for this system), then `npm start` again.\n"
  )
  process.exit(1)
}
