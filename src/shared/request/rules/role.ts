// Input or output: whether a mention ("mov", "4k", "2GB") names what the result should be or
// describes the video as it is now ("turn this mov into an mp4", "from 4K to 1080p").

import type { Mention } from './scanner'

export type Role = 'target' | 'source'

/** Nouns after a mention that make it describe the input: "4k video", "500MB file", "500M的视频". */
const SOURCE_NOUN_AFTER =
  /^\s*(?:(?:video|vid|file|clip|movie|film|footage|recording|screen ?recording|source|original)s?\b|的?\s*(?:视频|文件|片子|影片|素材|原片|原视频))/
/** Words before a mention that make it describe the input: "this mov", "my 2GB", "from 4k". */
const SOURCE_BEFORE =
  /(?:\bfrom|\bthis|\bthese|\bthose|\bmy|\bour|\bhis|\bher|\btheir|\bits|\bcurrently|\bis|\bwas|\bit's|\bit is|\bweighs|\bweighing|\boriginal|\boriginally|\bold|把|将|这个|这段|这些|我的|从|原来|原本|目前|现在|原|有|是)\s*\.?$/
/** Words before a mention that make it the output: "to mp4", "export a 4K", "make it an mp4". */
const TARGET_BEFORE =
  /(?:\bto|\binto|\bas|\bat|\bin|\bwith|\busing|\bvia|->|→|=>|\bexport(?:ed)?|\bsave(?: it)?|\boutput|\brender(?:ed)?|\bencode(?:d)?(?: it)?|\bmake it|\bmake|\bturn it into|\bwant|\bneed|\bgive me|\bprefer|\bkeep it|转成|转为|转换成|转换为|转码成|转码为|转|变成|改成|换成|导出|输出|导出为|输出为|存为|保存为|保存成|用|编码为|编码成|压成|压到|压缩到|压缩成|到|成|为)\s*(?:an?\s+|the\s+)?\.?$/

/**
 * Whether a mention names the output or describes the input. `sameKindAhead` matches the next
 * mention of the same kind, for "X to Y" ("mov to mp4", "4k to 1080p", "500MB to 50MB").
 */
export function roleOf(mention: Mention, sameKindAhead: RegExp): Role {
  const arrow =
    /^\s*(?:(?:video|vid|file|clip|footage|recording)s?\s+)?(?:to|into|down to|->|→|=>|转成|转为|转换成|转换为|转码成|转码为|转|变成|改成|换成|压缩到|压到|压成|缩小到|降到|减到|到)\s*(?:an?\s+|the\s+)?/.exec(
      mention.after
    )
  if (arrow && sameKindAhead.test(mention.after.slice(arrow[0].length))) return 'source'
  if (TARGET_BEFORE.test(mention.before)) return 'target'
  if (SOURCE_BEFORE.test(mention.before)) return 'source'
  if (SOURCE_NOUN_AFTER.test(mention.after)) return 'source'
  return 'target'
}
