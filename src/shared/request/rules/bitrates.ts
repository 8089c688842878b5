// Bitrates ("8 Mbps", "bitrate 2000k"), which are not a setting here: said so, and read before
// sizes, so the "2000k" of "bitrate 2000k" is never a 2 MB target.

import type { Draft } from './draft'
import type { Scanner } from './scanner'

export function readBitrates(scan: Scanner, draft: Draft): void {
  scan.take(
    /(\d+(?:\.\d+)?)\s*(k|m)(?:bps|bit\/s|b\/s|bits?\/s|bits? per second)\b|(?:码率|比特率|bitrate|bit rate)\s*(?:of|to|at|=|:|为|是|设为|改成|降到)?\s*\d+(?:\.\d+)?\s*(?:k|m)?(?:bps)?/g,
    (mention) => {
      draft.warnings.push(
        `A bitrate ("${mention.text}") is not a setting here: say a file size ("under 50 MB") or a quality ("best quality") and the engine picks the bitrate.`
      )
    }
  )
}
