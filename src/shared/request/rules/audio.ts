// Removing or keeping the audio ("mute it", "keep the sound", "静音"). Both can be read; the
// contradiction is settled once every rule has read.

import type { Draft } from './draft'
import type { Scanner } from './scanner'

export function readAudio(scan: Scanner, draft: Draft): void {
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
