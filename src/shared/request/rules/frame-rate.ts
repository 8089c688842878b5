// Frame rates ("30fps", "60帧", "frame rate to 24", "24p"), alone or said with a resolution in
// one breath ("720p60", "1080p@60", "4k60").

import type { Draft } from './draft'
import { addResolution, RESOLUTION_WORDS } from './resolution'
import { roleOf } from './role'
import type { Mention, Scanner } from './scanner'

/** The next frame rate, for "30fps to 24fps" (the first one then describes the input). */
const FPS_AHEAD = /^\d+(?:\.\d+)?\s*(?:fps|帧|frames)/

/** A frame rate asked for the output; one that describes the input ("from 60fps") is dropped. */
function addFps(draft: Draft, value: number, mention: Mention): void {
  if (roleOf(mention, FPS_AHEAD) === 'source') return
  draft.frameRates.push({ value, text: mention.text })
}

/** A resolution and a frame rate in one mention, read before either rule alone could split it. */
export function readResolutionsWithFrameRates(scan: Scanner, draft: Draft): void {
  // "720p at 30", "1080p@60", "4k at 60": a frame rate said right after the resolution.
  scan.take(/(?<![\d.a-z])(\d{3,4}\s*p|[2458]k)\s*(?:at|@)\s*(\d{2,3}(?:\.\d+)?)(?:\s*fps\b)?(?!\s*(?:mb|gb|kb|m\b|g\b|k\b|%|p\b|x|\.?\d))/g, (mention) => {
    const word = (mention.groups[0] ?? '').replace(/\s/g, '')
    const value = word.endsWith('k') ? RESOLUTION_WORDS[word] : Number(word.slice(0, -1))
    if (value === undefined || value < 100) return false
    addResolution(draft, value, mention)
    addFps(draft, Number(mention.groups[1]), mention)
  })

  // "720p60", "1080p30": a resolution and a frame rate in one token.
  scan.take(/(?<![\d.])(\d{3,4})p(\d{2,3})(?![\d.])(?:\s*fps)?/g, (mention) => {
    addResolution(draft, Number(mention.groups[0]), mention)
    addFps(draft, Number(mention.groups[1]), mention)
  })

  // "4k60", "2k30": the same, with the resolution as a K-word.
  scan.take(/(?<![\d.])([2458])k(\d{2,3})(?![\d.])(?:\s*fps)?/g, (mention) => {
    const value = RESOLUTION_WORDS[`${mention.groups[0] ?? ''}k`]
    if (value === undefined) return false
    addResolution(draft, value, mention)
    addFps(draft, Number(mention.groups[1]), mention)
  })
}

export function readFrameRates(scan: Scanner, draft: Draft): void {
  // Frame rates: "30fps", "30 fps", "24 frames per second", "60帧", "frame rate to 24", "帧率24".
  scan.take(/(?<![\d.])(\d+(?:\.\d+)?)\s*(?:fps|frames? ?(?:per|a|\/) ?(?:second|sec|s)|frames?\b|帧(?:每秒|\/秒)?|hz)/g, (mention) => {
    addFps(draft, Number(mention.groups[0]), mention)
  })
  // The whole number only: "frame rate 1080p" once read 108 fps, backtracking off the "0p".
  scan.take(
    /(?:frame ?rate|framerate|fps|帧率|帧数|帧速率)\s*(?:down|up)?\s*(?:to|of|at|=|:|->|→|改成|改为|降到|降至|降低到|设为|设置为|调到|调成|变成|为|是|到)?\s*(\d+(?:\.\d+)?)(?![\d.])(?!\s*(?:mb|gb|kb|%|p\b|x))/g,
    (mention) => {
      addFps(draft, Number(mention.groups[0]), mention)
    }
  )
  // "24p", "30p", "60p" are frame rates (cinema shorthand), never resolutions.
  scan.take(/(?<![\d.])(23\.976|24|25|29\.97|30|48|50|60|120)p(?![a-z0-9])/g, (mention) => {
    addFps(draft, Number(mention.groups[0]), mention)
  })
  scan.take(/(?:drop|lower|reduce|cut|halve|降低|减少)\s*(?:the\s+)?(?:frame ?rate|fps|帧率)(?!\s*(?:to|of|at)?\s*\d)/g, () => {
    draft.vagueWishes.push('fps')
  })
}
