// Encoding effort wishes (issue 17 §1): "quickly", "as fast as possible", "尽快" ask for speed;
// "I can wait", "take your time", "不着急" for the thorough encode. Nothing said: the engine's
// per-file choice (balanced). Read after the trims, so "quick cut" / "fast trim" is the trim's.

import type { SpeedPreference } from '../../compression'
import type { Scanner } from './scanner'

const SPEED_RULES: ReadonlyArray<{ value: SpeedPreference; pattern: RegExp }> = [
  {
    value: 'thorough',
    pattern:
      /\b(?:i|we)\s+(?:can|could|don'?t mind (?:to\s+)?)\s*wait\b|\b(?:i|we)\s+don'?t\s+mind\s+waiting\b|\btake\s+(?:your|its|the|all the)\s+time\b|\b(?:no|not in a|in no)\s+hurry\b|\b(?:time|speed)\s+(?:doesn'?t|does not|isn'?t|is not)\s+(?:matter|important)\b|\bthorough(?:ly)?\b|\bslow(?:er)?\s+is\s+(?:ok|okay|fine)\b|可以等|等久一点没关系|慢一点没关系|慢点没关系|慢点也行|慢一点也行|不着急|不赶时间|不急|慢慢来|多花点时间/g
  },
  {
    value: 'fast',
    pattern:
      /\bquickly\b|\basap\b|\bas\s+(?:fast|quick|quickly|soon)\s+as\s+(?:possible|you can|it can)\b|\b(?:i'?m|i am|we'?re|we are)\s+in\s+a\s+hurry\b|\bin\s+a\s+hurry\b|\bspeed\s+(?:first|matters|is important)\b|\b(?:fast|quick)\s+(?:encode|encoding|compression|please)\b|\bfast(?:er)?\s+is\s+(?:better|more important)\b|尽快|越快越好|快点|快一点|赶时间|急用|速度优先|快速压缩/g
  }
]

/** The effort asked for, or null (the engine's per-file choice). The first wish said wins. */
export function readSpeed(scan: Scanner): SpeedPreference | null {
  const wishes: SpeedPreference[] = []
  for (const rule of SPEED_RULES) {
    scan.take(rule.pattern, () => {
      wishes.push(rule.value)
    })
  }
  return wishes[0] ?? null
}
