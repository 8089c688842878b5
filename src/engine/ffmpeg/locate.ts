// Finding ffmpeg/ffprobe (issue #2 "ffmpeg"): explicit setting or flag, then FFMPEG_PATH /
// FFPROBE_PATH, then the binaries bundled by @ffmpeg-installer/@ffprobe-installer, then PATH.
// Version, encoders and filters are detected once per binary and cached.
import { accessSync, constants as fsConstants, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { UserFacingError } from '../../shared/errors'
import { execFileTethered } from './tether'

const requireFromHere = createRequire(__filename)

export type ToolSource = 'explicit' | 'environment' | 'bundled' | 'path'

export interface LocatedTool {
  path: string
  source: ToolSource
}

export interface FfmpegToolchain {
  ffmpeg: LocatedTool
  ffprobe: LocatedTool
  /** e.g. "4.1" or "5.1.6"; "unknown" for odd builds. */
  version: string
  /** Encoder names this ffmpeg has, e.g. libx264, libx265, libvpx-vp9, libaom-av1, aac, libopus. */
  encoders: ReadonlySet<string>
  /** Filter names this ffmpeg has, e.g. scale, zscale, tonemap (HDR conversion needs the last two). */
  filters: ReadonlySet<string>
}

/** Where explicit paths came from, so a message names what to fix: the flag or the setting. */
export type ExplicitPathOrigin = 'flags' | 'settings'

export interface LocateOptions {
  ffmpegPath?: string | null
  ffprobePath?: string | null
  /** Default 'settings' (the app); the CLI passes 'flags' (--ffmpeg/--ffprobe). */
  explicitFrom?: ExplicitPathOrigin
  env?: NodeJS.ProcessEnv
}

type Binary = 'ffmpeg' | 'ffprobe'

const ENV_NAME: Record<Binary, string> = { ffmpeg: 'FFMPEG_PATH', ffprobe: 'FFPROBE_PATH' }

/**
 * How a message names a tool that does not work, and what to do, by where its path came from:
 * "--ffmpeg X" / "FFMPEG_PATH points to X, which" / "The ffmpeg set in the settings (X)".
 */
function describeTool(binary: Binary, tool: LocatedTool, explicitFrom: ExplicitPathOrigin): { subject: string; remedy: string } {
  const envName = ENV_NAME[binary]
  switch (tool.source) {
    case 'explicit':
      return explicitFrom === 'flags'
        ? { subject: `--${binary} ${tool.path}`, remedy: `Give --${binary} the path of a working ${binary}, or leave the flag out to use the bundled one.` }
        : {
            subject: `The ${binary} set in the settings (${tool.path})`,
            remedy: `Point the settings to a working ${binary}, or clear the setting to use the bundled one.`
          }
    case 'environment':
      return { subject: `${envName} points to ${tool.path}, which`, remedy: `Fix or unset ${envName}.` }
    case 'bundled':
      return { subject: `The bundled ${binary} (${tool.path})`, remedy: `Reinstall Compress Video, or set ${envName} to a working ${binary}.` }
    case 'path':
      return { subject: `The ${binary} on your PATH (${tool.path})`, remedy: `Install a working ${binary}, or set ${envName} to one.` }
  }
}

function isExecutable(filePath: string): boolean {
  try {
    if (!statSync(filePath).isFile()) return false
    accessSync(filePath, process.platform === 'win32' ? fsConstants.F_OK : fsConstants.X_OK)
    return true
  } catch {
    return false
  }
}

/** In a packaged app the bundled binaries are unpacked next to the asar archive. */
function unpackedFromAsar(filePath: string): string {
  return filePath.replace(`app.asar${path.sep}`, `app.asar.unpacked${path.sep}`)
}

function bundledPath(packageName: '@ffmpeg-installer/ffmpeg' | '@ffprobe-installer/ffprobe'): string | null {
  try {
    const located = requireFromHere(packageName) as { path?: unknown }
    return typeof located.path === 'string' ? unpackedFromAsar(located.path) : null
  } catch {
    // The installer packages throw (a string, not an Error) on platforms they do not ship.
    return null
  }
}

function onPath(binary: string, env: NodeJS.ProcessEnv): string | null {
  const names = process.platform === 'win32' ? [`${binary}.exe`, binary] : [binary]
  for (const folder of (env.PATH ?? '').split(path.delimiter)) {
    if (!folder) continue
    for (const name of names) {
      const candidate = path.join(folder, name)
      if (isExecutable(candidate)) return candidate
    }
  }
  return null
}

function locateOne(binary: Binary, explicit: string | null | undefined, explicitFrom: ExplicitPathOrigin, env: NodeJS.ProcessEnv): LocatedTool {
  const envName = ENV_NAME[binary]
  if (explicit) {
    if (!isExecutable(explicit)) {
      throw new UserFacingError(
        'ffmpeg-missing',
        explicitFrom === 'flags'
          ? `--${binary} ${explicit}: not an executable file. Give the path of ${binary}, or leave out --${binary} to use the bundled one.`
          : `The ${binary} set in the settings (${explicit}) is not an executable file. Fix the path or clear the setting to use the bundled ${binary}.`
      )
    }
    return { path: explicit, source: 'explicit' }
  }
  const fromEnv = env[envName]
  if (fromEnv) {
    if (!isExecutable(fromEnv)) {
      throw new UserFacingError('ffmpeg-missing', `${envName} points to ${fromEnv}, which is not an executable file. Fix or unset ${envName}.`)
    }
    return { path: fromEnv, source: 'environment' }
  }
  const bundled = bundledPath(binary === 'ffmpeg' ? '@ffmpeg-installer/ffmpeg' : '@ffprobe-installer/ffprobe')
  if (bundled && isExecutable(bundled)) return { path: bundled, source: 'bundled' }
  const fromPath = onPath(binary, env)
  if (fromPath) return { path: fromPath, source: 'path' }
  throw new UserFacingError(
    'ffmpeg-missing',
    `Could not find ${binary}. Reinstall Compress Video (it ships ${binary}), install ${binary} on your PATH, or set ${envName}.`
  )
}

export function locateTools(options: LocateOptions = {}): { ffmpeg: LocatedTool; ffprobe: LocatedTool } {
  const env = options.env ?? process.env
  const from = options.explicitFrom ?? 'settings'
  return { ffmpeg: locateOne('ffmpeg', options.ffmpegPath, from, env), ffprobe: locateOne('ffprobe', options.ffprobePath, from, env) }
}

/** "ffmpeg version 5.1.6-0+deb12u1 ..." -> "5.1.6"; static git builds ("N-47683-g...") -> the date-less tag. */
export function parseFfmpegVersion(firstLine: string): string {
  const match = /version\s+n?(\d+(?:\.\d+)*)/i.exec(firstLine)
  if (match?.[1]) return match[1]
  const tag = /version\s+(\S+)/i.exec(firstLine)
  return tag?.[1] ?? 'unknown'
}

/** Lines of `ffmpeg -encoders`: " V..... libx264  libx264 H.264 ..." -> "libx264". */
export function parseEncoderList(text: string): Set<string> {
  const encoders = new Set<string>()
  for (const line of text.split('\n')) {
    const match = /^\s*[VAS][F.][S.][X.][B.][D.]\s+(\S+)/.exec(line)
    if (match?.[1] && match[1] !== '=') encoders.add(match[1])
  }
  return encoders
}

/** Lines of `ffmpeg -filters`: " ..C zscale   V->V   Apply resizing..." -> "zscale". */
export function parseFilterList(text: string): Set<string> {
  const filters = new Set<string>()
  for (const line of text.split('\n')) {
    const match = /^\s*[T.][S.][C.]\s+(\S+)\s+\S*->\S*/.exec(line)
    if (match?.[1]) filters.add(match[1])
  }
  return filters
}

const toolchainCache = new Map<string, Promise<FfmpegToolchain>>()

/** Locates the tools and detects version and encoders, once per ffmpeg binary. */
export function loadToolchain(options: LocateOptions = {}): Promise<FfmpegToolchain> {
  let located: { ffmpeg: LocatedTool; ffprobe: LocatedTool }
  try {
    located = locateTools(options)
  } catch (error) {
    return Promise.reject(error)
  }
  const explicitFrom = options.explicitFrom ?? 'settings'
  // The origin is part of the key: a failure's message names the flag or the setting.
  const key = `${located.ffmpeg.path}\0${located.ffprobe.path}\0${located.ffmpeg.source}\0${located.ffprobe.source}\0${explicitFrom}`
  let cached = toolchainCache.get(key)
  if (!cached) {
    cached = detect(located, explicitFrom).catch((error: unknown) => {
      toolchainCache.delete(key)
      throw error
    })
    toolchainCache.set(key, cached)
  }
  return cached
}

/** "it exited with code 1" / "EACCES": why a tool did not run, in a few words. */
function whyItDidNotRun(error: unknown): string {
  const failure = error as NodeJS.ErrnoException & { code?: string | number }
  if (typeof failure.code === 'number') return `it exited with code ${failure.code}`
  if (typeof failure.code === 'string') return failure.code
  return (error as Error).message.split('\n')[0] ?? 'unknown error'
}

/** Runs a tool the way the engine will; a failure names the tool by where its path came from. */
async function runTool(binary: Binary, tool: LocatedTool, explicitFrom: ExplicitPathOrigin, args: string[]): Promise<string> {
  try {
    return (await execFileTethered(tool.path, args, { maxBuffer: 4 << 20 })).stdout
  } catch (error) {
    const { subject, remedy } = describeTool(binary, tool, explicitFrom)
    throw new UserFacingError('ffmpeg-missing', `${subject} did not run (${whyItDidNotRun(error)}). ${remedy}`)
  }
}

async function detect(located: { ffmpeg: LocatedTool; ffprobe: LocatedTool }, explicitFrom: ExplicitPathOrigin): Promise<FfmpegToolchain> {
  // ffprobe too: one that does not run would make every video look damaged.
  const [versionOut, encodersOut, filtersOut] = await Promise.all([
    runTool('ffmpeg', located.ffmpeg, explicitFrom, ['-hide_banner', '-version']),
    runTool('ffmpeg', located.ffmpeg, explicitFrom, ['-hide_banner', '-encoders']),
    runTool('ffmpeg', located.ffmpeg, explicitFrom, ['-hide_banner', '-filters']),
    runTool('ffprobe', located.ffprobe, explicitFrom, ['-hide_banner', '-version'])
  ])
  return {
    ...located,
    version: parseFfmpegVersion(versionOut.split('\n')[0] ?? ''),
    encoders: parseEncoderList(encodersOut),
    filters: parseFilterList(filtersOut)
  }
}
