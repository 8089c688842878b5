// The text left to read, and the mentions the rules find in it (issue 3). Every rule in this
// folder reads through one Scanner, so what one rule understood is gone for the rules after it.

export interface Mention {
  text: string
  start: number
  end: number
  /** Up to 48 characters of the text before and after, for `roleOf`. */
  before: string
  after: string
  groups: readonly (string | undefined)[]
}

/**
 * The text left to read. `take` runs a global regex over it and blanks every match the handler
 * accepts (same length, so positions stay valid), so later rules never read it again.
 */
export class Scanner {
  readonly matched: string[] = []

  constructor(public text: string) {}

  take(pattern: RegExp, handle: (mention: Mention) => boolean | void): void {
    const snapshot = this.text
    const accepted: Mention[] = []
    for (const match of snapshot.matchAll(pattern)) {
      const start = match.index ?? 0
      const end = start + match[0].length
      const mention: Mention = {
        text: match[0].trim(),
        start,
        end,
        before: snapshot.slice(Math.max(0, start - 48), start),
        after: snapshot.slice(end, end + 48),
        groups: match.slice(1)
      }
      if (handle(mention) !== false) accepted.push(mention)
    }
    for (const mention of accepted) {
      this.text = this.text.slice(0, mention.start) + ' '.repeat(mention.end - mention.start) + this.text.slice(mention.end)
      if (mention.text.length > 0) this.matched.push(mention.text)
    }
  }

  has(pattern: RegExp): boolean {
    return pattern.test(this.text)
  }
}
