// Routing of what the user types (protocol note, "Routing of what the user types"): export,
// credits, status and upload go straight to their endpoints without the agent; everything else is
// a message over `/run_sse`. The general request parser lives in src/shared/request; this router
// only decides between those five routes.
//
// A keyword alone is not enough: "add music and export" must reach the agent, or the music would
// silently never be added. So a text is a command only when nothing but the command's words and
// filler ("please", "my", "show me the") is left once the keyword is removed.

export type NemoRoute = 'export' | 'credits' | 'status' | 'upload' | 'message'

interface RouteRule {
  route: Exclude<NemoRoute, 'message'>
  keywords: RegExp
}

const RULES: RouteRule[] = [
  { route: 'credits', keywords: /\b(?:credits?|balance)\b|积分|余额/giu },
  { route: 'status', keywords: /\b(?:status|show\s+(?:the\s+|my\s+)?tracks?|tracks?)\b|状态/giu },
  { route: 'export', keywords: /\b(?:export|download|send\s+me\s+the\s+video)\b|导出|下载/giu },
  { route: 'upload', keywords: /\bupload\b|上传/giu }
]

const FILLER_WORDS = new Set([
  'please',
  'pls',
  'now',
  'the',
  'my',
  'me',
  'it',
  'this',
  'that',
  'video',
  'file',
  'project',
  'result',
  'show',
  'check',
  'get',
  'see',
  'what',
  "what's",
  'whats',
  'is',
  'are',
  'how',
  'many',
  'much',
  'do',
  'i',
  'have',
  'left',
  'current',
  'account',
  'can',
  'you',
  'could',
  'would',
  'a',
  'an',
  'of',
  'for',
  'to',
  'and',
  'tell',
  'give',
  'let',
  'want',
  'remaining',
  'timeline',
  'again',
  'ok',
  'okay',
  'thanks',
  'thank',
  'just'
])
const CHINESE_FILLER = /请|帮我|我的|一下|吧|查看|看看|视频|把|给我|还有|多少|现在|的|吗|呢/gu

function isOnlyFiller(rest: string): boolean {
  const withoutChinese = rest.replace(CHINESE_FILLER, ' ')
  const words = withoutChinese
    .toLowerCase()
    .split(/[^\p{L}\p{N}']+/u)
    .filter((word) => word !== '')
  return words.every((word) => FILLER_WORDS.has(word))
}

/**
 * @param fileGiven a file came with the text (dropped on the window, or a path on the CLI): that
 *   is an upload, after which any remaining text is sent as a message by the caller.
 */
export function routeNemoRequest(text: string, options: { fileGiven?: boolean } = {}): NemoRoute {
  if (options.fileGiven) return 'upload'
  const trimmed = text.trim()
  if (trimmed === '') return 'message'
  for (const rule of RULES) {
    const rest = trimmed.replace(rule.keywords, ' ')
    if (rest !== trimmed && isOnlyFiller(rest)) return rule.route
  }
  return 'message'
}
