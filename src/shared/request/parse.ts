// Plain-language request -> ParsedRequest (issue 3). Pure TypeScript: the renderer runs it on
// every keystroke for a live preview, the CLI runs it for `plan` and `--request`.
//
// How it works: the text is normalised (normalize.ts), then rules run in a fixed order. Each rule
// blanks out what it understood, so a later rule never reads the same characters again: "mp4"
// is read as a container before the size rule could see a "4", "4k" as a resolution before it
// could be 4 KB, "720p60" as a resolution and a frame rate before either rule alone.
//
// Mentions that describe the input rather than the output ("this 2GB video", "turn this mov into
// an mp4", "from 4K to 1080p") are told apart by the words around them (`roleOf`, rules/role.ts).
//
// Decisions on ambiguous phrasings (also in the tests, which pin them):
// - Intent: any compression setting (size, ratio, platform, resolution, fps, container, codec,
//   audio, quality) makes it 'compress', even with "export" or "download" in the text: "export
//   1080p MP4" names output settings. 'export', 'upload', 'credits', 'status' only without any.
// - An edit the local engine cannot do ("add subtitles") makes it 'other' even when settings are
//   present, with a warning; the settings are still filled in so a caller can offer them.
// - Two different targets of one kind (sizes, resolutions, fps) take the smaller and warn; two
//   containers or codecs take the first and warn; "mute" with "keep the audio" keeps it and warns.
// - An explicit size beats a platform's limit; when it is over the limit a warning says so.
// - "compress 30%" (a percentage with no "to"/"of"/"by") is read as 30% smaller; "to 30%" and
//   "30% of the size" are 30% of the source.
// - "2K" is 1440 (what monitors sold as 2K are); "HD" is 720, "full HD" 1080; Chinese "高清" is
//   read as a quality wish ("keep it sharp"), not a resolution.
// - A size without a unit ("under 25") is not guessed: it is ignored with a warning.

import { CONTAINER_VIDEO_CODECS, type AudioMode, type Container, type QualityPreference, SHORT_SIDE_RANGE, type VideoCodec } from '../compression'
import { normalizeRequestText } from './normalize'
import { PLATFORM_LIMITS, type PlatformLimit } from './platforms'
import { newDraft, type Draft } from './rules/draft'
import { roleOf, type Role } from './rules/role'
import { Scanner, type Mention } from './rules/scanner'
import { describeSize, summarizeRequest } from './summary'
import type { ParsedRequest, PlatformLimitUsed, RequestIntent } from './types'

/**
 * Below this no playable video fits (container headers and one keyframe of a tiny picture already
 * take kilobytes), so such a target is refused rather than attempted.
 */
const MIN_TARGET_BYTES = 10_000

const MAX_FPS = 240

// --- Rule 1: edits only the cloud engine can do ------------------------------------------------

const CLOUD_EDITS: ReadonlyArray<{ pattern: RegExp; label: string }> = [
  {
    pattern:
      /\b(?:add|put|insert|overlay|include|burn(?: in)?)\b(?:\s+(?:some|a|an|the|my|nice|cool|new|\d+))*\s+(?:background music|music|song|soundtrack|bgm|audio track|voice ?over|narration)\b/g,
    label: 'add music or a soundtrack'
  },
  {
    pattern:
      /\b(?:add|put|insert|overlay|burn(?: in)?|generate|include)\b(?:\s+(?:some|a|an|the|english|chinese|auto|automatic|hard|soft|\d+))*\s+(?:subtitles?|captions?|subs|srt)\b/g,
    label: 'add subtitles'
  },
  {
    pattern:
      /\b(?:add|put|insert|overlay)\b(?:\s+(?:some|a|an|the|my|\d+))*\s+(?:text|title|watermark|logo|intro|outro|transitions?|effects?|filters?|stickers?|emoji|frame|border)\b/g,
    label: 'add text, logos or effects'
  },
  {
    pattern:
      /\b(?:trim|cut|chop|remove|delete|drop|skip)\b(?:\s+(?:off|out|away))?\s+(?:the\s+)?(?:first|last|beginning|end|ending|start|intro|outro|middle|\d+(?:\.\d+)?\s*(?:s|sec|secs|seconds?|mins?|minutes?)\b)[^,.;]*?(?:\b(?:seconds?|secs?|s|minutes?|mins?|part|bit)\b|$|(?=[,.;]))/g,
    label: 'trim the video'
  },
  { pattern: /\b(?:trim|cut)\b(?:\s+it)?\s+(?:from|between)\s+\d+(?::\d+)?/g, label: 'trim the video' },
  { pattern: /\bcut out\b(?!\s+(?:the )?(?:audio|sound))/g, label: 'trim the video' },
  { pattern: /\bcrop(?:ped|ping)?\b/g, label: 'crop the picture' },
  { pattern: /\brotat(?:e|ed|ing)\b|\bflip(?:ped)?\b|\bmirror(?:ed)?\b/g, label: 'rotate or flip' },
  {
    pattern: /\bspeed (?:it |this |the video )?up\b|\bslow (?:it |this |the video )?down\b|\bslow[- ]?mo(?:tion)?\b|\breverse\b|\bloop it\b|\btime-?lapse\b/g,
    label: 'change the speed'
  },
  {
    pattern: /\bmerge\b|\bcombine\b|\bjoin (?:them|the|these|two|\d+)\b|\bconcatenat\w*|\bstitch\b|\bsplit (?:it|the video|this)\b/g,
    label: 'merge or split videos'
  },
  {
    pattern:
      /\bstabili[sz]\w*|\bdenois\w*|\bremove (?:the )?(?:background )?noise\b|\bcolou?r ?(?:grade|grading|correct\w*)\b|\bblur\b|\bcensor\b|\bupscal\w*|\benhance\b|\bsharpen\b|\bbrighten\b|\bcolou?ri[sz]e\b/g,
    label: 'picture edits (stabilise, denoise, colour, upscale)'
  },
  { pattern: /\bremove (?:the |a )?(?:watermark|logo|background music|music)\b/g, label: 'remove a watermark or music' },
  { pattern: /\btranslat\w*|\bdub(?:bing)?\b|\btranscrib\w*/g, label: 'translate or transcribe' },
  { pattern: /\bextract (?:the )?(?:audio|sound)\b|\baudio only\b|\bjust the audio\b|\bonly the audio\b/g, label: 'extract the audio' },
  { pattern: /\b(?:make|turn|convert)\b[^,.;]{0,20}\bgif\b|\bgif\b/g, label: 'make a GIF' },
  { pattern: /加字幕|添加字幕|配字幕|生成字幕|字幕/g, label: 'add subtitles' },
  { pattern: /配乐|背景音乐|加音乐|加首歌|加bgm|配音/g, label: 'add music or a soundtrack' },
  { pattern: /(?:剪掉|剪去|去掉|删掉|删除|裁掉|截掉)(?:\s*(?:前|后|最后|开头|结尾|中间))[^，,。.;；]*/g, label: 'trim the video' },
  { pattern: /剪辑|剪切|截取|裁剪|裁切|剪一下/g, label: 'trim or crop the video' },
  { pattern: /加水印|去水印|水印|加logo|去logo/g, label: 'add or remove a watermark' },
  { pattern: /调色|滤镜|特效|转场|美颜/g, label: 'add text, logos or effects' },
  { pattern: /变速|倍速|加速|慢动作|倒放/g, label: 'change the speed' },
  { pattern: /合并|拼接|合成一个|分割/g, label: 'merge or split videos' },
  { pattern: /旋转|翻转|镜像/g, label: 'rotate or flip' },
  { pattern: /提取音频|提取声音|只要声音|只要音频|转成?mp3/g, label: 'extract the audio' },
  { pattern: /做成gif|转成?gif|动图/g, label: 'make a GIF' }
]

function readCloudEdits(scan: Scanner, draft: Draft): void {
  for (const edit of CLOUD_EDITS) {
    scan.take(edit.pattern, () => {
      if (!draft.cloudOnly.includes(edit.label)) draft.cloudOnly.push(edit.label)
    })
  }
}

// --- Rule 2: containers and codecs -----------------------------------------------------------

const CONTAINER_WORDS: Readonly<Record<string, Container>> = {
  mp4: 'mp4',
  'mpeg-4': 'mp4',
  mpeg4: 'mp4',
  m4v: 'mp4',
  webm: 'webm',
  mov: 'mov',
  quicktime: 'mov',
  mkv: 'mkv',
  matroska: 'mkv'
}

/** Formats people name that the engine does not write: fine as a source, warned as a target. */
const UNSUPPORTED_FORMATS: Readonly<Record<string, string>> = {
  avi: 'AVI',
  wmv: 'WMV',
  flv: 'FLV',
  '3gp': '3GP',
  mpg: 'MPEG',
  mpeg: 'MPEG',
  m2ts: 'M2TS',
  mts: 'MTS',
  mp3: 'MP3',
  wav: 'WAV',
  m4a: 'M4A'
}

const FORMAT_PATTERN = /(?<![a-z0-9])\.?(mpeg-4|mpeg4|mp4|m4v|webm|mov|quicktime|mkv|matroska|avi|wmv|flv|3gp|m2ts|mts|mpeg|mpg|mp3|wav|m4a)(?![a-z0-9])/g
const FORMAT_AHEAD = /^\.?(?:mpeg|mp4|m4v|webm|mov|quicktime|mkv|matroska|avi|wmv|flv|3gp|mpg|mp3|wav|m4a|gif|h\.?\s?26|x26|avc|hevc|vp\d|av1)/

const CODEC_WORDS: ReadonlyArray<{ pattern: RegExp; codec: VideoCodec | null; label: string }> = [
  { pattern: /^(?:h\.?\s?264|x264|avc|h264)$/, codec: 'h264', label: 'H.264' },
  { pattern: /^(?:h\.?\s?265|x265|hevc|h265)$/, codec: 'hevc', label: 'HEVC' },
  { pattern: /^vp-?9$/, codec: 'vp9', label: 'VP9' },
  { pattern: /^av-?1$/, codec: 'av1', label: 'AV1' },
  { pattern: /^(?:vp-?8|prores|xvid|divx|mpeg-?2|dnxhd|theora)$/, codec: null, label: '' }
]
const CODEC_PATTERN = /(?<![a-z0-9])(h\.?\s?264|x264|avc|h\.?\s?265|x265|hevc|vp-?9|av-?1|vp-?8|prores|xvid|divx|mpeg-?2|dnxhd|theora)(?![a-z0-9])/g

function readFormats(scan: Scanner, draft: Draft): void {
  scan.take(FORMAT_PATTERN, (mention) => {
    const word = mention.groups[0] ?? ''
    if (roleOf(mention, FORMAT_AHEAD) === 'source') return
    const container = CONTAINER_WORDS[word]
    if (container) {
      draft.containers.push({ value: container, text: mention.text })
      return
    }
    if (word === 'mp3' || word === 'wav' || word === 'm4a') {
      if (!draft.cloudOnly.includes('extract the audio')) draft.cloudOnly.push('extract the audio')
      return
    }
    const name = UNSUPPORTED_FORMATS[word] ?? word.toUpperCase()
    draft.otherSettingMentioned = true
    draft.warnings.push(`${name} output is not supported: the result can be MP4, WebM, MOV or MKV. Keeping the engine's default container.`)
  })
  scan.take(CODEC_PATTERN, (mention) => {
    const word = (mention.groups[0] ?? '').replace(/\s/g, '')
    if (roleOf(mention, FORMAT_AHEAD) === 'source') return
    const entry = CODEC_WORDS.find((candidate) => candidate.pattern.test(word))
    if (!entry) return false
    if (entry.codec === null) {
      draft.otherSettingMentioned = true
      draft.warnings.push(`The ${word.toUpperCase()} codec is not supported: the engine encodes H.264, HEVC, VP9 or AV1. Keeping the engine's default codec.`)
      return
    }
    draft.codecs.push({ value: entry.codec, text: mention.text })
  })
}

// --- Rule 3: bitrates (not supported; said so) -----------------------------------------------

function readBitrates(scan: Scanner, draft: Draft): void {
  scan.take(
    /(\d+(?:\.\d+)?)\s*(k|m)(?:bps|bit\/s|b\/s|bits?\/s|bits? per second)\b|(?:码率|比特率|bitrate|bit rate)\s*(?:of|to|at|=|:|为|是|设为|改成|降到)?\s*\d+(?:\.\d+)?\s*(?:k|m)?(?:bps)?/g,
    (mention) => {
      draft.warnings.push(
        `A bitrate ("${mention.text}") is not a setting here: say a file size ("under 50 MB") or a quality ("best quality") and the engine picks the bitrate.`
      )
    }
  )
}

// --- Rule 4: resolution and frame rate --------------------------------------------------------

const RESOLUTION_WORDS: Readonly<Record<string, number>> = {
  '8k': 4320,
  '5k': 2880,
  '4k': 2160,
  uhd: 2160,
  'ultra hd': 2160,
  ultrahd: 2160,
  '2k': 1440,
  qhd: 1440,
  wqhd: 1440,
  'full hd': 1080,
  fullhd: 1080,
  'full-hd': 1080,
  fhd: 1080,
  hd: 720,
  sd: 480,
  超高清: 2160,
  全高清: 1080,
  超清: 1080,
  蓝光: 1080,
  标清: 480,
  流畅: 360
}

/** Short sides people actually name; others ("600p") are accepted only with a "p". */
const STANDARD_SHORT_SIDES: ReadonlySet<number> = new Set([144, 240, 360, 480, 540, 576, 720, 1080, 1440, 2160, 4320])

const RESOLUTION_AHEAD = /^(?:\d{3,4}\s*[pi]\b|\d{3,4}\b|[248]k\b|uhd|qhd|full ?hd|fhd|hd\b|sd\b|超高清|全高清|超清|标清)/

function readResolutionAndFps(scan: Scanner, draft: Draft): void {
  const addResolution = (value: number, mention: Mention): void => {
    if (roleOf(mention, RESOLUTION_AHEAD) === 'source') return
    draft.resolutions.push({ value, text: mention.text })
  }
  const addFps = (value: number, mention: Mention): void => {
    if (roleOf(mention, /^\d+(?:\.\d+)?\s*(?:fps|帧|frames)/) === 'source') return
    draft.frameRates.push({ value, text: mention.text })
  }

  // "1920x1080", "1080x1920 vertical": the short side is the resolution (orientation is kept).
  scan.take(/(?<![\d.])(\d{1,5})x(\d{1,5})(?![\d.])(?:\s*(?:vertical|portrait|landscape|horizontal|square|竖屏|横屏))?/g, (mention) => {
    const width = Number(mention.groups[0])
    const height = Number(mention.groups[1])
    if (width <= 0 || height <= 0) {
      draft.errors.push(`"${mention.text}" is not a picture size: both sides must be more than 0 pixels.`)
      return
    }
    if (Math.max(width, height) > 16384) {
      draft.errors.push(`"${mention.text}" is larger than any video encoder accepts (16384 pixels a side).`)
      return
    }
    if (width !== height && !/\b(?:vertical|portrait|landscape|horizontal)\b|竖屏|横屏/.test(mention.text)) {
      // Only the short side is kept; say so when the orientation is not stated, since it is the
      // source's orientation that wins.
      draft.assumptions.push(`"${mention.text}" read as a short side of ${Math.min(width, height)} px; the source's orientation is kept.`)
    }
    addResolution(Math.min(width, height), mention)
  })

  // "720p at 30", "1080p@60", "4k at 60": a frame rate said right after the resolution.
  scan.take(/(?<![\d.a-z])(\d{3,4}\s*p|[2458]k)\s*(?:at|@)\s*(\d{2,3}(?:\.\d+)?)(?:\s*fps\b)?(?!\s*(?:mb|gb|kb|m\b|g\b|k\b|%|p\b|x|\.?\d))/g, (mention) => {
    const word = (mention.groups[0] ?? '').replace(/\s/g, '')
    const value = word.endsWith('k') ? RESOLUTION_WORDS[word] : Number(word.slice(0, -1))
    if (value === undefined || value < 100) return false
    addResolution(value, mention)
    addFps(Number(mention.groups[1]), mention)
  })

  // "720p60", "1080p30": a resolution and a frame rate in one token.
  scan.take(/(?<![\d.])(\d{3,4})p(\d{2,3})(?![\d.])(?:\s*fps)?/g, (mention) => {
    addResolution(Number(mention.groups[0]), mention)
    addFps(Number(mention.groups[1]), mention)
  })

  // "4k60", "2k30": the same, with the resolution as a K-word.
  scan.take(/(?<![\d.])([2458])k(\d{2,3})(?![\d.])(?:\s*fps)?/g, (mention) => {
    const value = RESOLUTION_WORDS[`${mention.groups[0] ?? ''}k`]
    if (value === undefined) return false
    addResolution(value, mention)
    addFps(Number(mention.groups[1]), mention)
  })

  // Frame rates: "30fps", "30 fps", "24 frames per second", "60帧", "frame rate to 24", "帧率24".
  scan.take(/(?<![\d.])(\d+(?:\.\d+)?)\s*(?:fps|frames? ?(?:per|a|\/) ?(?:second|sec|s)|frames?\b|帧(?:每秒|\/秒)?|hz)/g, (mention) => {
    addFps(Number(mention.groups[0]), mention)
  })
  scan.take(
    /(?:frame ?rate|framerate|fps|帧率|帧数|帧速率)\s*(?:down|up)?\s*(?:to|of|at|=|:|->|→|改成|改为|降到|降至|降低到|设为|设置为|调到|调成|变成|为|是|到)?\s*(\d+(?:\.\d+)?)(?!\s*(?:mb|gb|kb|%|p\b|x))/g,
    (mention) => {
      addFps(Number(mention.groups[0]), mention)
    }
  )
  // "24p", "30p", "60p" are frame rates (cinema shorthand), never resolutions.
  scan.take(/(?<![\d.])(23\.976|24|25|29\.97|30|48|50|60|120)p(?![a-z0-9])/g, (mention) => {
    addFps(Number(mention.groups[0]), mention)
  })
  scan.take(/(?:drop|lower|reduce|cut|halve|降低|减少)\s*(?:the\s+)?(?:frame ?rate|fps|帧率)(?!\s*(?:to|of|at)?\s*\d)/g, () => {
    draft.vagueWishes.push('fps')
  })

  scan.take(/(?<![a-z0-9])(8k|5k|4k|2k|uhd|ultra ?hd|qhd|wqhd|full[ -]?hd|fhd|hd|sd|超高清|全高清|超清|蓝光|标清|流畅)(?![a-z0-9])/g, (mention) => {
    const word = (mention.groups[0] ?? '').replace(/^ultra ?hd$/, 'ultra hd').replace(/^full[ -]?hd$/, 'full hd')
    const value = RESOLUTION_WORDS[word]
    if (value === undefined) return false
    addResolution(value, mention)
  })
  scan.take(/(?<![\d.])(\d{3,4})\s*[pi](?![a-z0-9])/g, (mention) => {
    const value = Number(mention.groups[0])
    if (value < 100) return false
    addResolution(value, mention)
  })
  scan.take(
    /(?:keep|same|original|don'?t change|do not change|preserve|retain|保持|保留|不改|原)\s*(?:the\s+)?(?:original\s+|same\s+)?(?:resolution|res|size of the picture|分辨率)(?:不变)?|分辨率不变/g,
    () => {
      draft.otherSettingMentioned = true
    }
  )
  scan.take(/(?:lower|reduce|decrease|smaller|downscale|drop|降低|减小|缩小)\s*(?:the\s+)?(?:resolution|res|分辨率)|\bdownscale\b/g, () => {
    draft.vagueWishes.push('resolution')
    draft.otherSettingMentioned = true
  })
}

/** Bare standard numbers ("export 1080", "分辨率720"), read after sizes so "1080 MB" is a size. */
function readBareResolutions(scan: Scanner, draft: Draft): void {
  scan.take(/(?<![\d.x])(2160|1440|1080|720|480|360)(?![\d.x%])/g, (mention) => {
    const value = Number(mention.groups[0])
    const cue =
      /(?:\bto|\bin|\bat|@|\bas|\binto|\bexport|\bmake it|\bresolution|\bres|分辨率|成|到|为)\s*$/.test(mention.before) ||
      /^\s*(?:resolution|res\b|分辨率|vertical|portrait|landscape)/.test(mention.after)
    if (!cue || !STANDARD_SHORT_SIDES.has(value)) return false
    if (roleOf(mention, RESOLUTION_AHEAD) === 'source') return
    draft.resolutions.push({ value, text: mention.text })
  })
}

// --- Rule 5: sizes ---------------------------------------------------------------------------

const UNIT_FACTORS: ReadonlyArray<{ pattern: RegExp; factor: number }> = [
  { pattern: /^(?:kib|kibibytes?)$/, factor: 1024 },
  { pattern: /^(?:mib|mebibytes?)$/, factor: 1024 ** 2 },
  { pattern: /^(?:gib|gibibytes?)$/, factor: 1024 ** 3 },
  { pattern: /^(?:k|kb|kbs|kilobytes?|kilobites?|kilo|kilos|千字节)$/, factor: 1e3 },
  { pattern: /^(?:m|mb|mbs|mbyte|mbytes|mg|megs?|megabytes?|megabites?|megbytes?|mega ?bytes?|mega|兆|兆字节|兆b)$/, factor: 1e6 },
  { pattern: /^(?:g|gb|gbs|gbyte|gbytes|gigs?|gigabytes?|gigabites?|giga ?bytes?|giga|吉|吉字节)$/, factor: 1e9 },
  { pattern: /^(?:bytes?)$/, factor: 1 }
]

const SIZE_PATTERN =
  /(?<![a-z\d.])(-\s*)?(\d+(?:\.\d+)?|\.\d+)\s*(?:个\s*)?(kib|mib|gib|kibibytes?|mebibytes?|gibibytes?|kilobytes?|kilobites?|megabytes?|megabites?|megbytes?|mega ?bytes?|gigabytes?|gigabites?|giga ?bytes?|mbytes?|gbytes?|kbs|mbs|gbs|kb|mb|gb|megs?|gigs?|kilos?|mega|giga|mg|bytes?|k|m|g|兆字节|兆b|兆|千字节|吉字节|吉)(?![a-z])(?:'?s\b)?/g
const SIZE_AHEAD = /^-?\s*(?:\d+(?:\.\d+)?|\.\d+)\s*(?:个\s*)?(?:k|m|g|兆|吉|千字节|bytes?)/

/** Words before a size that make it an upper bound, i.e. the target. */
const UPPER_BEFORE =
  /(?:under|below|beneath|less than|lower than|smaller than|no more than|not more than|no bigger than|no larger than|not bigger than|not larger than|no greater than|not exceed(?:ing)?|don'?t exceed|not over|no over|at most|at max|max(?:imum)?(?: of| is| size| file size)?|up to|within|limit(?:ed)?(?: of| to| is| at)?|cap(?:ped)?(?: of| at| to| is)?|<=?|target(?: of| is| size)?|around|about|approx(?:imately)?|roughly|~|make it|into|to|小于|低于|不超过|不要超过|别超过|不能超过|不得超过|不大于|最多|最大|控制在|压缩到|压缩成|压到|压成|缩小到|减到|降到|变成|变为|到|在|为|成)\s*(?:a\s+|an\s+|the\s+)?$/
/** Words before a size that make it a lower bound, which describes the input, never the target. */
// ">" but not the arrow "->" / "=>", which points at the target.
const LOWER_BEFORE = /(?:over|above|more than|bigger than|larger than|greater than|at least|exceeds?|exceeding|(?<![-=])>=?|超过|大于|多于)\s*$/
/**
 * A lower bound that is said about the output, not the input: "at least 50 MB", "but bigger than
 * 50 MB", "但要大于50MB". Only these are checked against the target (a clash is warned, issue 16);
 * a bare "over 2GB" still describes the input.
 */
const FLOOR_BEFORE =
  /(?:\bat least|\bno less than|\bnot less than|\bno smaller than|\bnot smaller than|\bminimum(?: of| is)?|(?:至少|最少|最低)(?:也)?(?:要|得|需要)?|不小于|不低于)\s*$|(?:\bbut|\byet|\band|\balso|\bthough|但是?|而且|并且|还要?|要|同时)\s*(?:it\s+)?(?:should be\s+|must be\s+|needs? to be\s+|has to be\s+|be\s+|is\s+)?(?:over|above|more than|bigger than|larger than|greater than|超过|大于|多于)\s*$/
/** Words after a size that make it an upper bound: "25MB or less", "50M以内". */
const UPPER_AFTER = /^\s*(?:or (?:less|smaller|under|below)|max(?:imum)?\b|tops\b|limit\b|cap\b|以内|以下|之内|内|左右|上下|封顶|为限)/

function unitFactor(unit: string): number | null {
  for (const entry of UNIT_FACTORS) if (entry.pattern.test(unit)) return entry.factor
  return null
}

function readSizes(scan: Scanner, draft: Draft): void {
  const mentions: Array<{ mention: Mention; bytes: number }> = []
  scan.take(SIZE_PATTERN, (mention) => {
    const negative = mention.groups[0] !== undefined
    const value = Number(mention.groups[1])
    const factor = unitFactor(mention.groups[2] ?? '')
    if (factor === null || !Number.isFinite(value)) return false
    mentions.push({ mention, bytes: Math.floor((negative ? -value : value) * factor) })
  })
  for (const { mention, bytes } of mentions) {
    const isRangeStart = /\bbetween\s*$/.test(mention.before) && /^\s*(?:and|-|to)\b/.test(mention.after)
    let role: Role
    if (UPPER_AFTER.test(mention.after)) role = 'target'
    else if (isRangeStart)
      role = 'source' // "between 20MB and 30MB": the upper end is the target
    else if (UPPER_BEFORE.test(mention.before) && !/\bfrom\s*$/.test(mention.before)) role = 'target'
    else if (FLOOR_BEFORE.test(mention.before)) {
      draft.sizeFloors.push({ bytes, text: mention.text })
      continue
    } else if (LOWER_BEFORE.test(mention.before)) role = 'source'
    else role = roleOf(mention, SIZE_AHEAD)
    if (role === 'source' && !isRangeStart) {
      draft.sourceSizes.push(bytes)
      continue
    }
    if (isRangeStart) continue
    if (bytes <= 0) {
      draft.errors.push(`"${mention.text}" is not a size a video can have: the target must be more than 0 bytes.`)
      continue
    }
    if (bytes < MIN_TARGET_BYTES) {
      draft.errors.push(
        `"${mention.text}" is too small for any playable video (headers and a single picture already take several kilobytes); ask for at least a few hundred KB.`
      )
      continue
    }
    draft.targetSizes.push({ bytes, text: mention.text })
  }
  // Comparatives with a number and no unit: "under 25", "50以内". Never guessed.
  scan.take(
    /(?:under|below|less than|smaller than|no more than|no bigger than|at most|max(?:imum)?|<=?|小于|不超过|低于|最多)\s*(\d+(?:\.\d+)?)(?!\s*(?:[a-z%\d.]|帧|秒|分|x))|(?<![\d.])(\d+(?:\.\d+)?)\s*(?:以内|以下|之内)/g,
    (mention) => {
      const number = mention.groups[0] ?? mention.groups[1] ?? ''
      draft.warnings.push(`"${mention.text}" has no unit, so it is not used as a size: write ${number} MB or ${number} GB.`)
    }
  )
}

// --- Rule 6: audio ---------------------------------------------------------------------------

function readAudio(scan: Scanner, draft: Draft): void {
  // Keep first, so "don't mute" or "without removing the audio" never reads as a removal.
  scan.take(
    /(?:don'?t|do not|dont|never|not|without|no need to)\s+(?:want to\s+)?(?:mute|muting)\b(?:\s+it\b)?|(?:don'?t|do not|dont|never|not|without|no need to)\s+(?:want to\s+)?(?:remov\w*|strip\w*|delet\w*|drop\w*|los(?:e|ing)|kill\w*|cut\w*|touch\w*)\s+(?:the\s+|any\s+|its\s+)?(?:audio|sound)\b|\b(?:keep|keeping|preserve|retain|leave|leaving|with)\s+(?:the\s+|its\s+|original\s+|the original\s+)?(?:audio|sound)\b|\b(?:audio|sound)\s+(?:on|stays|kept|included)\b|保留声音|保留音频|保持声音|保留原声|保持原声|不要静音|别静音|不静音|不用静音|声音保留|声音不变|带声音|带音频|(?<![不别])要声音|(?<![没不])有声音/g,
    (mention) => {
      draft.audioKeep.push(mention.text)
    }
  )
  scan.take(
    /\bmut(?:e|ed|ing)\b|\bno (?:audio|sound)\b|\bwithout (?:any |the )?(?:audio|sound)\b|\b(?:remove|removing|strip|stripping|drop|dropping|delete|deleting|kill|ditch|lose|cut|take out|get rid of|rip out|disable|turn off|switch off)\s+(?:the\s+|all\s+|any\s+|its\s+)?(?:audio|sound)(?:\s*track)?\b|\b(?:audio|sound)\s*(?:off|removed|stripped|muted|free)\b|\b(?:take|cut|leave|rip|pull)\s+(?:the\s+|all\s+|any\s+)?(?:audio|sound)(?:\s*track)?\s+out\b|\baudio-?less\b|\bsilent\b|\bsilence\b|\bsoundless\b|\bvideo only\b|去掉声音|去掉音频|去除声音|去除音频|删除声音|删除音频|删掉声音|删掉音频|去声音|去音频|静音|不要声音|不要音频|不需要声音|无声|没有声音|消音|关掉声音|关闭声音|去掉音轨|删除音轨|(?:声音|音频|音轨|原声)\s*(?:也|就|都)?\s*(?:去掉|去除|删掉|删除|删了|拿掉|关掉|去了|不要了?|不需要|不用了?)/g,
    (mention) => {
      draft.audioRemove.push(mention.text)
    }
  )
}

// --- Rule 7: quality words ---------------------------------------------------------------------

const QUALITY_RULES: ReadonlyArray<{ value: QualityPreference; pattern: RegExp }> = [
  // Indifference first: "don't care about quality" contains "quality" but asks for small.
  {
    value: 'small',
    pattern:
      /(?:don'?t|do not|dont)\s+(?:really\s+)?(?:care|mind)\s+(?:about\s+|much about\s+)?(?:losing\s+|the\s+|some\s+)*quality|quality\s+(?:doesn'?t|does not|don'?t|is not|isn'?t)\s+(?:matter|important)|(?:low|lower|bad|poor|worse|crappy)\s+quality\s+(?:is\s+)?(?:ok|okay|fine|acceptable|good enough)|画质无所谓|画质不重要|画质差点没关系|画质差一点没关系|不在乎画质|画质随便/g
  },
  {
    value: 'high',
    pattern:
      /without\s+(?:losing|lose|loosing|sacrificing|hurting|ruining|killing|compromising|degrading)\s+(?:too much\s+|much\s+|any\s+|a lot of\s+|the\s+|of\s+)*(?:quality|detail|clarity)|(?:don'?t|do not|dont|not|never|no|try not to)\s+(?:want to\s+)?(?:lose|losing|loose|ruin|sacrifice|hurt|degrade|compromise|kill|destroy)\w*\s+(?:(?:too\s+)?much\s+|the\s+|any\s+|a lot of\s+)*(?:quality|detail)|(?:best|highest|high|max(?:imum)?|great|top|good|better|full|original|excellent|same)\s*(?:possible\s+)?(?:video\s+)?quality|quality\s*(?::|=|-|is|should be)?\s*(?:high|highest|best|max(?:imum)?|good|great|top)\b|quality\s+(?:first|matters|is important|is key)|keep\s+(?:the\s+|its\s+)?(?:quality|it (?:sharp|crisp|clear))|preserv\w+\s+(?:the\s+)?quality|no\s+(?:visible\s+)?quality\s+loss|minimal\s+quality\s+loss|(?:visually\s+)?lossless|look(?:s|ing)?\s+(?:good|great|sharp|crisp|the same)|as good as possible|\bhq\b|画质.{0,4}(?:别|不要|不能|尽量不|不)\s*(?:损失|降低|变差|太差|下降|糊|掉|变)|(?:别|不要|不能|尽量不|不|少)\s*(?:损失|降低)(?:太多)?\s*(?:的)?画质|保持画质|保证画质|保留画质|画质优先|高画质|画质(?:要|得|必须|一定要|需要)?(?:好|高)|画质高|最好的画质|最佳画质|最高画质|画质尽量好|画质不变|清晰度|清晰|高清|无损|别糊|不要糊|不糊/g
  },
  {
    value: 'small',
    pattern:
      /quality\s*(?::|=|-|is)?\s*(?:low|lowest|min(?:imum)?)\b|as small as (?:possible|it gets|you can|can be|it can)|smallest|tiniest|\btiny\b|max(?:imum)? compression|highest compression|compress (?:it |this )?as much as (?:possible|you can)|as much as possible|(?:min(?:imum)?|smallest) (?:file )?size|(?:low|lowest) quality|越小越好|尽量小|尽可能小|最小|极限压缩|最大压缩|体积最小|压到最小/g
  },
  {
    value: 'balanced',
    pattern:
      /\bbalanced\b(?:\s+(?:between\s+)?(?:quality|size)(?:\s+and\s+(?:quality|size))?)?|\bbalance\s+(?:between\s+)?(?:the\s+)?(?:quality|size)(?:\s+(?:and|with)\s+(?:the\s+)?(?:quality|size))?|quality\s*(?::|=|-|is)?\s*(?:medium|normal|balanced|ok|okay)\b|(?:decent|reasonable|normal|medium|ok|okay|average|standard|acceptable)\s+quality|good enough|平衡|适中|一般画质|画质一般|中等画质|画质适中/g
  }
]

function readQuality(scan: Scanner, draft: Draft): void {
  for (const rule of QUALITY_RULES) {
    scan.take(rule.pattern, (mention) => {
      if (/lossless/.test(mention.text)) {
        draft.warnings.push('Lossless output is larger than the source; reading "lossless" as "as little quality loss as possible".')
      }
      draft.qualities.push({ value: rule.value, text: mention.text })
    })
  }
}

// --- Rule 8: relative sizes ------------------------------------------------------------------

/**
 * Words before an amount that make it a reduction ("by a third", "cut 30%", "减少三分之一") rather
 * than what is left ("to a third", "a third of the size"): one rule for percentages, fractions
 * and tenths, so "by" is never read as "to" (issue 16).
 */
const REDUCTION_BEFORE =
  /(?:\bby|\breduce[ds]?|\breducing|\bcut|\bshrink|\blower|\bdecrease|\bsave|\btrim|\bknock|减少|缩小|降低|减小|减|少|压缩了?)\s*(?:it|the size|size|file size|the file size)?\s*(?:by)?\s*$/
/** Words after an amount that make it a reduction: "40% smaller", "10% off". */
const REDUCTION_AFTER = /^\s*(?:smaller|less|lighter|reduction|off|decrease|更小|的压缩)/

function isReduction(mention: Mention): boolean {
  return REDUCTION_AFTER.test(mention.after) || REDUCTION_BEFORE.test(mention.before)
}

function percentRole(mention: Mention): 'reduction' | 'fraction' | 'ambiguous' {
  if (isReduction(mention)) return 'reduction'
  if (/^\s*(?:of\b|the size|size|大小|体积|of the original|of original)/.test(mention.after)) return 'fraction'
  if (/(?:\bto|\bdown to|\binto|\bat|\bmake it|\bonly|\bjust|原来的|原大小的|原体积的|压缩到|压到|缩小到|缩到|减到|降到|变成|到|剩)\s*$/.test(mention.before))
    return 'fraction'
  return 'ambiguous'
}

function readRatios(scan: Scanner, draft: Draft): void {
  const add = (ratio: number, text: string): void => {
    if (!(ratio > 0)) {
      draft.errors.push(`"${text}" would leave nothing of the video: the result must keep more than 0% of the size.`)
      return
    }
    if (ratio >= 1) {
      draft.errors.push(`"${text}" would not make the file smaller: compression can only aim below the original size.`)
      return
    }
    // Rounded so "reduce by 70%" is 0.3, not 0.30000000000000004.
    draft.ratios.push({ ratio: Math.round(ratio * 1e6) / 1e6, text })
  }

  // Relative wishes about other things ("half the frame rate") are not sizes.
  scan.take(/\b(?:half|halve|double)\s+(?:the\s+)?(?:frame ?rate|fps|resolution|res|length|duration|bitrate|speed)\b/g, (mention) => {
    draft.warnings.push(`"${mention.text}" is not supported; give a number instead (for example "30fps" or "720p").`)
  })
  scan.take(/\b(?:twice|double|2x|\d+ times)\s+(?:the\s+)?(?:size|as big|as large|bigger|larger)\b|\b(?:bigger|larger)\b(?!\s+than)/g, (mention) => {
    draft.errors.push(`"${mention.text}" would make the file bigger: compression only makes files smaller.`)
  })
  scan.take(/(?<![\d.])(\d+(?:\.\d+)?)\s*(?:%|percent|per cent|pct)/g, (mention) => {
    const percent = Number(mention.groups[0])
    const role = percentRole(mention)
    if (/^\s*(?:quality|画质)/.test(mention.after)) {
      draft.warnings.push(`"${mention.text} quality" is not a setting; say "best quality" or "as small as possible".`)
      return
    }
    if (role === 'ambiguous') {
      // Said in the plan, not only in details: the other reading gives a very different file (issue 16).
      const reading = `"${mention.text}" read as ${mention.text} smaller (say "to ${mention.text}" for ${mention.text} of the size).`
      draft.assumptions.push(reading)
      draft.warnings.push(reading)
    }
    add(role === 'fraction' ? percent / 100 : 1 - percent / 100, mention.text)
  })
  // A fraction is what is left ("to a third") unless a reduction cue says it is taken away.
  const addFraction = (fraction: number, mention: Mention): void => add(isReduction(mention) ? 1 - fraction : fraction, mention.text)
  scan.take(/(?<![\d./])(\d+)\s*\/\s*(\d+)(?![\d/])(?:\s+(?:of\s+)?(?:the\s+)?(?:original\s+)?size)?/g, (mention) => {
    const top = Number(mention.groups[0])
    const bottom = Number(mention.groups[1])
    if (bottom === 0 || bottom > 20) return false
    addFraction(top / bottom, mention)
  })
  scan.take(
    /(\d+(?:\.\d+)?)\s*(?:x|times)\s+(?:smaller|less|lighter)|(?:by )?(?:a )?factor of\s*(\d+(?:\.\d+)?)|(?:缩小|压缩|减小)\s*(\d+(?:\.\d+)?)\s*倍/g,
    (mention) => {
      const factor = Number(mention.groups[0] ?? mention.groups[1] ?? mention.groups[2])
      if (!(factor > 1)) {
        draft.errors.push(`"${mention.text}" would not make the file smaller.`)
        return
      }
      add(1 / factor, mention.text)
    }
  )
  scan.take(/(?:原来的|原大小的|原体积的|压缩到|压到|缩小到|到)?\s*(\d+)成/g, (mention) => {
    addFraction(Number(mention.groups[0]) / 10, mention)
  })
  scan.take(/\b(?:three quarters|3 quarters)\b(?:\s+(?:of\s+)?(?:the\s+)?(?:original\s+)?size)?/g, (mention) => addFraction(0.75, mention))
  scan.take(/\b(?:a|1|one)?\s*quarter\b(?:\s+(?:of\s+)?(?:the\s+)?(?:original\s+)?size)?/g, (mention) => addFraction(0.25, mention))
  scan.take(/\b(?:2|two) thirds\b(?:\s+(?:of\s+)?(?:the\s+)?(?:original\s+)?size)?/g, (mention) => addFraction(2 / 3, mention))
  scan.take(/\b(?:a|1|one)\s+third\b(?:\s+(?:of\s+)?(?:the\s+)?(?:original\s+)?size)?/g, (mention) => addFraction(1 / 3, mention))
  scan.take(
    /\b(?:in half|halve[ds]?|halving|half(?:\s+(?:the|its|of the|of its))?(?:\s+(?:original\s+)?(?:file\s+)?size)?|half as (?:big|large))\b|体积减半|大小减半|减半|一半|缩小一倍|小一倍/g,
    (mention) => add(0.5, mention.text)
  )
}

// --- Rule 9: platforms -----------------------------------------------------------------------

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

const PLATFORM_ALIASES: ReadonlyArray<{ alias: string; platform: PlatformLimit }> = PLATFORM_LIMITS.flatMap((platform) =>
  platform.aliases.map((alias) => ({ alias, platform }))
).sort((a, b) => b.alias.length - a.alias.length)

function readPlatforms(scan: Scanner, draft: Draft): void {
  const found = (platform: PlatformLimit): void => {
    if (!draft.platforms.includes(platform)) draft.platforms.push(platform)
  }
  for (const { alias, platform } of PLATFORM_ALIASES) {
    const chinese = /[\u4e00-\u9fff]/.test(alias)
    const pattern = chinese ? new RegExp(escapeRegExp(alias), 'g') : new RegExp(`(?<![a-z0-9])${escapeRegExp(alias)}(?![a-z0-9])`, 'g')
    scan.take(pattern, () => found(platform))
  }
  // "for X", "post it on X": X alone is a letter otherwise (and "1920x1080" is already read).
  const twitter = PLATFORM_LIMITS.find((platform) => platform.id === 'twitter')
  if (twitter) scan.take(/(?:\bfor|\bon|\bto|\bonto|\bpost(?:ing)?(?: it)?(?: on| to)?)\s+x(?![a-z0-9.])/g, () => found(twitter))
}

// --- Rule 10: intent -------------------------------------------------------------------------

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

function decideIntent(scan: Scanner, draft: Draft, hasSettings: boolean): RequestIntent {
  if (draft.cloudOnly.length > 0) return 'other'
  if (hasSettings) return 'compress'
  for (const { intent, pattern } of INTENT_KEYWORDS) if (scan.has(pattern)) return intent
  if (scan.has(COMPRESS_WORDS)) return 'compress'
  return 'other'
}

// --- Putting it together ---------------------------------------------------------------------

function pickSmallest<T extends { text: string }>(
  items: readonly T[],
  valueOf: (item: T) => number,
  what: string,
  format: (value: number) => string,
  warnings: string[]
): number | null {
  if (items.length === 0) return null
  const values = [...new Set(items.map(valueOf))]
  const smallest = Math.min(...values)
  if (values.length > 1) {
    warnings.push(`Two different ${what} were asked (${items.map((item) => `"${item.text}"`).join(', ')}); using the smaller, ${format(smallest)}.`)
  }
  return smallest
}

function pickFirst<T extends string>(
  items: ReadonlyArray<{ value: T; text: string }>,
  what: string,
  label: (value: T) => string,
  warnings: string[]
): T | null {
  const first = items[0]
  if (!first) return null
  const distinct = [...new Set(items.map((item) => item.value))]
  if (distinct.length > 1) {
    warnings.push(`Two different ${what} were asked (${items.map((item) => `"${item.text}"`).join(', ')}); using the first, ${label(first.value)}.`)
  }
  return first.value
}

const CODEC_LABEL: Readonly<Record<VideoCodec, string>> = { h264: 'H.264', hevc: 'HEVC', vp9: 'VP9', av1: 'AV1' }
const CONTAINER_LABEL: Readonly<Record<Container, string>> = { mp4: 'MP4', webm: 'WebM', mov: 'MOV', mkv: 'MKV' }

export function parseRequest(text: string): ParsedRequest {
  const normalizedText = normalizeRequestText(typeof text === 'string' ? text : '')
  const scan = new Scanner(normalizedText)
  const draft = newDraft()

  if (normalizedText.length === 0) {
    draft.errors.push('The request is empty: say what you want, for example "under 25 MB" or "720p MP4".')
  }

  readCloudEdits(scan, draft)
  readFormats(scan, draft)
  readBitrates(scan, draft)
  readResolutionAndFps(scan, draft)
  readSizes(scan, draft)
  readBareResolutions(scan, draft)
  readAudio(scan, draft)
  readQuality(scan, draft)
  readRatios(scan, draft)
  readPlatforms(scan, draft)

  const warnings = draft.warnings
  const explicitBytes = pickSmallest(draft.targetSizes, (item) => item.bytes, 'sizes', describeSize, warnings)
  const targetRatio = pickSmallest(
    draft.ratios,
    (item) => item.ratio,
    'relative sizes',
    (ratio) => `${Math.round(ratio * 1000) / 10}% of the original`,
    warnings
  )
  const resolution = pickSmallest(
    draft.resolutions,
    (item) => item.value,
    'resolutions',
    (value) => `${value}p`,
    warnings
  )
  const fps = pickSmallest(
    draft.frameRates,
    (item) => item.value,
    'frame rates',
    (value) => `${value} fps`,
    warnings
  )
  const container = pickFirst(draft.containers, 'containers', (value) => CONTAINER_LABEL[value], warnings)
  let videoCodec = pickFirst(draft.codecs, 'codecs', (value) => CODEC_LABEL[value], warnings)

  if (draft.vagueWishes.includes('resolution') && resolution === null) {
    warnings.push('A lower resolution was asked without a number; say one ("720p") to choose it. The engine lowers it only if the target size needs that.')
  }
  if (draft.vagueWishes.includes('fps') && fps === null) {
    warnings.push('A lower frame rate was asked without a number; say one ("30fps") to change it. Keeping the source frame rate.')
  }
  if (resolution !== null && (resolution < SHORT_SIDE_RANGE.min || resolution > SHORT_SIDE_RANGE.max)) {
    draft.errors.push(
      `${resolution}p is not a resolution the engine can produce (${SHORT_SIDE_RANGE.min} to ${SHORT_SIDE_RANGE.max} pixels on the short side).`
    )
  }
  if (fps !== null && (fps <= 0 || fps > MAX_FPS)) {
    draft.errors.push(
      fps <= 0
        ? 'A frame rate of 0 or less has no pictures: give a frame rate of at least 1 fps.'
        : `${fps} fps is more than the engine produces (at most ${MAX_FPS} fps).`
    )
  }

  if (container !== null && videoCodec !== null && !CONTAINER_VIDEO_CODECS[container].includes(videoCodec)) {
    const allowed = CONTAINER_VIDEO_CODECS[container].map((codec) => CODEC_LABEL[codec]).join(' or ')
    warnings.push(
      `${CONTAINER_LABEL[container]} cannot carry ${CODEC_LABEL[videoCodec]} (only ${allowed}); keeping ${CONTAINER_LABEL[container]} and letting the engine choose its default codec.`
    )
    videoCodec = null
  }

  let audio: AudioMode = 'keep'
  if (draft.audioRemove.length > 0 && draft.audioKeep.length > 0) {
    warnings.push(
      `The request says both to remove the audio (${draft.audioRemove.map((t) => `"${t}"`).join(', ')}) and to keep it (${draft.audioKeep.map((t) => `"${t}"`).join(', ')}); keeping the audio, since removing it cannot be undone.`
    )
  } else if (draft.audioRemove.length > 0) {
    audio = 'remove'
  }

  let quality: QualityPreference | null = null
  const qualityValues = [...new Set(draft.qualities.map((item) => item.value))]
  if (qualityValues.length === 1) quality = qualityValues[0] ?? null
  else if (qualityValues.length > 1) {
    quality = 'balanced'
    warnings.push(
      `The request asks for different qualities (${draft.qualities.map((item) => `"${item.text}"`).join(', ')}); using a balance of size and quality.`
    )
  }

  // Platform limits: the smallest of those named, unless an explicit size was given.
  let targetBytes = explicitBytes
  let platform: string | null = null
  let platformLimit: PlatformLimitUsed | null = null
  const strictest = [...draft.platforms].sort((a, b) => a.limitBytes - b.limitBytes)[0]
  if (strictest) {
    if (explicitBytes === null) {
      targetBytes = strictest.limitBytes
      platform = strictest.name
      platformLimit = { name: strictest.name, limitBytes: strictest.limitBytes, note: strictest.note, source: strictest.source }
      if (draft.platforms.length > 1) {
        draft.assumptions.push(`Several places named (${draft.platforms.map((p) => p.name).join(', ')}); aiming for the smallest limit, ${strictest.name}'s.`)
      }
    } else if (explicitBytes > strictest.limitBytes) {
      warnings.push(
        `${describeSize(explicitBytes)} is over ${strictest.name}'s limit of ${describeSize(strictest.limitBytes)} (${strictest.note}) Aiming for ${describeSize(explicitBytes)} as asked.`
      )
    }
  }

  for (const floor of draft.sizeFloors) {
    if (targetBytes === null)
      draft.sourceSizes.push(floor.bytes) // no cap: it tells about the input
    else if (floor.bytes >= targetBytes) {
      warnings.push(
        `The request asks for under ${describeSize(targetBytes)} and also at least ${describeSize(floor.bytes)} ("${floor.text}"); no file can be both, so the result stays under ${describeSize(targetBytes)}.`
      )
    }
  }

  if (draft.cloudOnly.length > 0) {
    warnings.push(
      `This needs the NemoVideo cloud engine: ${draft.cloudOnly.join(', ')}. The local engine only compresses and converts (size, resolution, frame rate, format, codec, audio removal).`
    )
  }

  const hasSettings =
    targetBytes !== null ||
    targetRatio !== null ||
    resolution !== null ||
    fps !== null ||
    container !== null ||
    videoCodec !== null ||
    draft.audioRemove.length > 0 ||
    draft.audioKeep.length > 0 ||
    quality !== null ||
    draft.otherSettingMentioned ||
    draft.errors.length > 0 ||
    draft.containers.length > 0
  const intent = normalizedText.length === 0 ? 'other' : decideIntent(scan, draft, hasSettings)

  if (intent === 'other' && draft.cloudOnly.length === 0 && normalizedText.length > 0) {
    warnings.push(
      'No compression setting found. Say a size ("under 25 MB"), a place ("for Discord"), a resolution ("720p") or a format ("as MP4"); free-form edits need the NemoVideo cloud engine.'
    )
  }

  // Refusals lead the warnings so a caller that prints only the first one prints the reason.
  const error = draft.errors.length > 0 ? draft.errors.join(' ') : null
  if (error !== null) warnings.unshift(...draft.errors)

  const fields = { intent, targetBytes, targetRatio, resolution, fps, container, videoCodec, audio, quality, platform }
  return {
    ...fields,
    summary: summarizeRequest({ ...fields, error, cloudOnly: draft.cloudOnly }),
    warnings,
    details: {
      error,
      matched: scan.matched,
      platformLimit,
      platformsMentioned: draft.platforms.map((p) => p.name),
      sourceSizes: draft.sourceSizes,
      cloudOnly: draft.cloudOnly,
      assumptions: draft.assumptions,
      normalizedText
    }
  }
}
