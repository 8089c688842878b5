// A file name too long for its row is shortened in the middle, never at its end: the end says
// which file it is ("…camera.mp4", "…part 2.mov") and its type (issue #10 "The window": names cut
// to "webcam.…"). The name is split in two; CSS ellipsises the start and keeps the end whole, so
// the cut follows the row's real width. Pure, so the split is unit-tested.

/** Characters of the name kept whole before its extension. */
const KEPT_BEFORE_EXTENSION = 6

/** The extension, at most this long, counts as one ("file.backup-2024" has none). */
const MAX_EXTENSION = 6

export interface NameParts {
  /** Shortened with an ellipsis when the row is too narrow. */
  start: string
  /** Always shown whole: the extension and a few characters before it. */
  end: string
}

export function splitForMiddleEllipsis(name: string): NameParts {
  // Code points, so an emoji or a CJK character is never cut in half.
  const chars = Array.from(name)
  const dot = name.lastIndexOf('.')
  const extensionLength = dot > 0 ? Array.from(name.slice(dot)).length : 0
  const extension = extensionLength > 1 && extensionLength <= MAX_EXTENSION + 1 ? extensionLength : 0
  const endLength = Math.min(chars.length, extension + KEPT_BEFORE_EXTENSION)
  // A name no longer than the kept end is shown whole (as its end).
  return { start: chars.slice(0, chars.length - endLength).join(''), end: chars.slice(chars.length - endLength).join('') }
}
