// Files given on the command line: the first launch's and a second launch's (issue #4
// "Single-instance lock (a second launch with files adds them to the running app)").
import path from 'node:path'

/**
 * The paths in an Electron argv. argv[0] is the executable; when not packaged argv[1] is the app
 * folder. Flags (Chromium's and ours) start with '-'. Paths are resolved against the launching
 * shell's folder, which for a second instance is its own working directory, not ours.
 */
export function pathsFromArgv(argv: readonly string[], workingDirectory: string, isPackaged: boolean): string[] {
  const rest = argv.slice(isPackaged ? 1 : 2)
  return rest.filter((arg) => arg !== '' && !arg.startsWith('-')).map((arg) => path.resolve(workingDirectory, arg))
}
