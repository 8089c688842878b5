// The backend agent talks as if the user sat in front of NemoVideo's web editor. Its GUI talk is
// translated into what this client does instead (protocol note, "The backend talks as if a GUI
// existed"): "click [button]" -> done through the API, "open [panel]" -> show state, "drag/drop"
// -> describe the edit in a message, "preview in timeline" -> show the track summary, "Export
// button" -> the client exports, "check account/billing" -> show credits. Content descriptions
// are kept; sentences that only give GUI instructions are dropped and replaced by the action.

export type GuiAction = 'export' | 'state' | 'summary' | 'credits'

export interface TranslatedReply {
  /** The reply with GUI instructions removed (may be empty). */
  text: string
  /** What the client should do instead, in order, without duplicates. */
  actions: GuiAction[]
}

interface GuiRule {
  pattern: RegExp
  action: GuiAction | null
  /** What replaces the GUI sentence for the user, when something should. */
  note: string | null
}

const QUOTE = `["'“”‘’«»\\[\\]()]*`

// Order matters: the first rule a sentence matches decides its action.
const GUI_RULES: GuiRule[] = [
  {
    pattern: new RegExp(
      `\\b(?:click|press|tap|hit|select|use)\\s+(?:on\\s+)?(?:the\\s+)?${QUOTE}\\s*(?:export|download|render)\\s*${QUOTE}(?:\\s+(?:button|icon|option))?|\\bexport\\s+button\\b|点击?\\s*导出|导出按钮`,
      'i'
    ),
    action: 'export',
    note: 'Compress Video exports the result for you.'
  },
  {
    pattern: /\b(?:check|visit|open|go to)\s+(?:your\s+|the\s+)?(?:account|billing|subscription|credits?|balance)\b/i,
    action: 'credits',
    note: null
  },
  {
    pattern: /\bpreview\b[^.!?\n]*\b(?:timeline|player|preview (?:panel|window))\b|\b(?:in|on) the timeline\b[^.!?\n]*\bpreview\b/i,
    action: 'summary',
    note: null
  },
  {
    pattern: /\b(?:open|expand|switch to|go to)\s+(?:the\s+)?[\w\s-]{0,30}?\b(?:panel|tab|sidebar|menu|library|inspector|settings)\b|打开/i,
    action: 'state',
    note: null
  },
  {
    pattern: /\b(?:drag|drop)\b|拖拽|拖动/i,
    action: null,
    note: 'Describe the change in words and it will be sent as an edit.'
  },
  {
    pattern: /\b(?:click|tap|press)\b|点击/i,
    action: null,
    note: null
  }
]

/** Splits after sentence ends and line breaks, keeping the separators. */
function splitSentences(text: string): string[] {
  return text.split(/(?<=[.!?。！？\n])/u)
}

export function translateGuiTalk(reply: string): TranslatedReply {
  const actions: GuiAction[] = []
  const notes: string[] = []
  const kept: string[] = []
  for (const sentence of splitSentences(reply)) {
    const rule = GUI_RULES.find((candidate) => candidate.pattern.test(sentence))
    if (!rule) {
      kept.push(sentence)
      continue
    }
    if (rule.action && !actions.includes(rule.action)) actions.push(rule.action)
    if (rule.note && !notes.includes(rule.note)) notes.push(rule.note)
    // Keep the line structure when a dropped sentence ended a line.
    if (sentence.endsWith('\n')) kept.push('\n')
  }
  const text = [
    kept
      .join('')
      .replace(/[ \t]+\n/g, '\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
    ...notes
  ]
    .filter((part) => part !== '')
    .join(' ')
  return { text, actions }
}

/**
 * The backend sometimes appends "I encountered a temporary issue" after a normal reply; the
 * protocol note says to ignore it then. Alone it is the reply and is shown.
 */
export function isTemporaryIssueNotice(text: string): boolean {
  return /\bI (?:have )?encountered a temporary issue\b/i.test(text)
}
