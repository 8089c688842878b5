// Turning the request box's text into engine options and a plan preview (issue #4 "The request
// box ... a live preview of the plan"). The real parser is src/shared/request (issue #3);
// PLACEHOLDER until it lands: a minimal reading of sizes, resolutions, containers and the preset
// chips, so the box and the queue work end to end. Swap `interpretRequest`'s body for
// parseRequest/requestToOptions; nothing else changes (handlers only see PlanPreview).
import type { CompressOptions, Container } from '../shared/compression'
import { CONTAINERS } from '../shared/compression'
import type { PlanPreview } from '../shared/ipc/contract'
import { formatBytes, parseByteSize } from '../shared/units'

/** Limits the placeholder knows for the preset chips (the parser has the sourced table). */
const PLATFORM_TARGETS: Record<string, number> = { email: 25_000_000, discord: 10_000_000 }

export function interpretRequest(text: string): PlanPreview {
  const lower = text.toLowerCase()
  const options: CompressOptions = {}
  const summary: string[] = []

  const size = /(\d+(?:\.\d+)?)\s*(kb|mb|gb|kib|mib|gib)\b/i.exec(text)
  if (size) options.targetBytes = parseByteSize(`${size[1]}${size[2]}`)
  for (const [platform, bytes] of Object.entries(PLATFORM_TARGETS)) {
    if (options.targetBytes == null && lower.includes(platform)) options.targetBytes = bytes
  }
  const resolution = /\b(2160|1440|1080|720|480|360|240)p?\b/.exec(lower)
  if (resolution) options.resolution = Number(resolution[1])
  const container = CONTAINERS.find((name) => new RegExp(`\\b${name}\\b`).test(lower))
  if (container) options.container = container as Container
  if (/\b(smallest|tiny|as small as possible)\b/.test(lower)) options.quality = 'small'
  if (/\b(best|high) quality\b/.test(lower)) options.quality = 'high'
  if (/\b(no|without|remove|mute)\s*(the\s*)?(audio|sound)\b|\bmute\b/.test(lower)) options.audio = 'remove'

  if (text.trim() !== '' && Object.keys(options).length === 0) {
    return { options: null, summary: [], error: 'I did not understand that request. Try a size ("under 25MB"), a resolution ("720p") or one of the chips.' }
  }
  if (options.targetBytes != null) summary.push(`Fit under ${formatBytes(options.targetBytes)}`)
  else summary.push(options.quality === 'small' ? 'As small as possible' : 'Smaller, keeping the quality')
  if (options.resolution != null) summary.push(`${options.resolution}p`)
  summary.push(`${(options.container ?? 'mp4').toUpperCase()}`)
  if (options.quality === 'high') summary.push('Best quality')
  summary.push(options.audio === 'remove' ? 'No audio' : 'Keep audio')
  return { options, summary, error: null }
}
