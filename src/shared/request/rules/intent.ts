// What the request is for, when it is not a compression: credits, status, upload or
// export (routed as the NemoVideo skill routes them, types.ts).

import type { RequestIntent } from '../types'
import type { Draft } from './draft'
import type { Scanner } from './scanner'
import type { SettledFields } from './settle'

const INTENT_KEYWORDS: ReadonlyArray<{ intent: RequestIntent; pattern: RegExp }> = [
  { intent: 'credits', pattern: /\bcredits?\b|\bbalance\b|积分|余额|点数|额度/ },
  {
    intent: 'status',
    pattern:
      /\bstatus\b|\bshow (?:me )?(?:the )?tracks\b|\btracks\b|\bprogress\b|how(?:'s|s| is) it (?:going|coming along)|how far along|is it (?:done|ready|finished)|(?:done|finished|ready) yet|are you (?:done|finished)|how (?:much )?longer|状态|进度|轨道|好了(?:没|吗|么)|完成了?(?:没|吗|么)|(?:弄|做|压)(?:好|完)了?(?:没|吗|么)|怎么样了|还要多久/
  },
  { intent: 'upload', pattern: /\bupload(?:ed|ing|s)?\b|上传/ },
  {
    intent: 'export',
    pattern:
      /\bexport(?:ed|ing|s)?\b|\bdownload(?:ed|ing|s)?\b|\bsend (?:me )?(?:the |my |over the )?(?:video|file|result|clip)\b|\bsend it (?:to me|over)\b|\bgive me the (?:video|file|result)\b|\b(?:put|save|get|copy|bring|move)\b[^,.;]{0,40}\b(?:on|to|onto)\s+(?:my\s+|the\s+)?(?:computer|laptop|pc|mac|desktop|disk|drive|hard drive)\b|导出|下载|发给我|发我|给我视频|保存到(?:本地|电脑)|存到(?:本地|电脑)/
  }
]

const COMPRESS_WORDS =
  /compress|shrink|smaller|reduce|downsize|downscale|convert|transcode|re-?encode|\bencode|optimi[sz]e|lighter|\bsize\b|make (?:it|this|them) (?:smaller|lighter|fit)|\bfit\b|压缩|压一下|压小|转码|转换|转格式|格式转换|变小|缩小|减小|瘦身|小一点|变成|转成/

/**
 * Any compression setting makes it 'compress', even with "export" or "download" in the text
 * ("export 1080p MP4" names output settings). A refused setting ("under 0 MB") counts too: it
 * was still asked as a compression.
 */
function hasCompressionSettings(settled: SettledFields, draft: Draft): boolean {
  return (
    settled.targetBytes !== null ||
    settled.targetRatio !== null ||
    settled.resolution !== null ||
    settled.fps !== null ||
    settled.container !== null ||
    settled.videoCodec !== null ||
    draft.audioRemove.length > 0 ||
    draft.audioKeep.length > 0 ||
    settled.quality !== null ||
    settled.trimStart !== null ||
    settled.trimEnd !== null ||
    settled.trim.startFromEnd !== null ||
    settled.trim.endFromEnd !== null ||
    settled.aspect !== null ||
    settled.rotate !== null ||
    draft.otherSettingMentioned ||
    draft.errors.length > 0
  )
}

export function decideIntent(scan: Scanner, draft: Draft, settled: SettledFields): RequestIntent {
  if (draft.cloudOnly.length > 0) return 'other'
  if (hasCompressionSettings(settled, draft)) return 'compress'
  for (const { intent, pattern } of INTENT_KEYWORDS) if (scan.has(pattern)) return intent
  if (scan.has(COMPRESS_WORDS)) return 'compress'
  return 'other'
}
