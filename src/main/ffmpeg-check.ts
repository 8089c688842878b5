// Before the app saves an ffmpeg the user chose, main runs it once with `-version` and keeps it
// only if it says it is ffmpeg (issue #10 "Security": a program main would run for every job is
// never taken on trust, not even from the file dialog). Plain Node, tested with real programs.
import { spawnTethered } from '../engine/ffmpeg/tether'
import { UserFacingError } from '../shared/errors'
import { errorWords, type Words } from '../shared/words'
import { parseFfmpegVersion } from '../engine/ffmpeg/locate'

/** What a real ffmpeg prints first for `-version`: "ffmpeg version 5.1.6-0+deb12u1 Copyright ...". */
const FFMPEG_VERSION_LINE = /^ffmpeg version \S+/

/** Enough for the first line of any ffmpeg's answer; a program that writes more is not waited for. */
const MAX_ANSWER_BYTES = 64 * 1024

/**
 * A program that never exits (it waits for something) is given up on: a real ffmpeg answers
 * `-version` at once, even on a busy machine, so this only ends the wait for something else.
 */
const GIVE_UP_MS = 30_000

/**
 * Runs `filePath -version` and resolves with its version (e.g. "5.1.6") when it identifies itself
 * as ffmpeg; rejects with a sentence that says what it is instead and what to do.
 */
export function identifyFfmpeg(filePath: string): Promise<string> {
  const refuse = (why: Words): UserFacingError => new UserFacingError('invalid-option', errorWords('errors:app.notFfmpeg', { path: filePath, why }))
  return new Promise((resolve, reject) => {
    let answer = ''
    let settled = false
    // stdin is closed so a program that reads it (cat, a shell) ends instead of waiting.
    // Tethered like every ffmpeg start: a program that hangs must not outlive the app.
    const child = spawnTethered(filePath, ['-version'], { stdio: ['ignore', 'pipe', 'ignore'], windowsHide: true })
    const finish = (outcome: { version: string } | { error: UserFacingError }): void => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL')
      if ('version' in outcome) resolve(outcome.version)
      else reject(outcome.error)
    }
    const firstLine = (): string => answer.split(/\r?\n/, 1)[0]?.trim() ?? ''
    const timer = setTimeout(() => finish({ error: refuse(errorWords('errors:app.ffmpegWhy.noAnswer', { seconds: GIVE_UP_MS / 1000 })) }), GIVE_UP_MS)
    child.stdout?.setEncoding('utf8')
    child.stdout?.on('data', (chunk: string) => {
      answer += chunk
      // Its first line decides; a program that answers something else is not run any longer.
      const complete = /\r?\n/.test(answer) || answer.length >= MAX_ANSWER_BYTES
      if (complete && !FFMPEG_VERSION_LINE.test(firstLine()))
        finish({ error: refuse(errorWords('errors:app.ffmpegWhy.answered', { answer: firstLine().slice(0, 80) })) })
    })
    child.on('error', (error: NodeJS.ErrnoException) => {
      const reason =
        error.code === 'ENOENT'
          ? errorWords('errors:app.ffmpegWhy.missing')
          : error.code === 'EACCES'
            ? errorWords('errors:app.ffmpegWhy.notRunnable')
            : errorWords('errors:app.ffmpegWhy.notStarted', { error: error.message })
      finish({ error: refuse(reason) })
    })
    child.on('close', (code, signal) => {
      const line = firstLine()
      if (!FFMPEG_VERSION_LINE.test(line))
        finish({
          error: refuse(
            line === '' ? errorWords('errors:app.ffmpegWhy.answeredNothing') : errorWords('errors:app.ffmpegWhy.answered', { answer: line.slice(0, 80) })
          )
        })
      else if (code !== 0)
        finish({
          error: refuse(errorWords('errors:app.ffmpegWhy.failed', { end: signal ?? errorWords('errors:app.ffmpegWhy.exitCode', { code: code ?? '?' }) }))
        })
      else finish({ version: parseFfmpegVersion(line) })
    })
  })
}
