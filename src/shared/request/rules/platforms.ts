// Places the result is for ("for Discord", "发微信"), whose upload limits (../platforms.ts)
// become the target unless an explicit size was given.

import { PLATFORM_LIMITS, type PlatformLimit } from '../platforms'
import type { Draft } from './draft'
import type { Scanner } from './scanner'

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')
}

const PLATFORM_ALIASES: ReadonlyArray<{ alias: string; platform: PlatformLimit }> = PLATFORM_LIMITS.flatMap((platform) =>
  platform.aliases.map((alias) => ({ alias, platform }))
).sort((a, b) => b.alias.length - a.alias.length)

export function readPlatforms(scan: Scanner, draft: Draft): void {
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
