// Trims (issue 14): which part of the video to keep. "only the first 30 seconds", "cut from 1:20
// to 2:00", "drop the first 5 seconds", "last minute only", "30 seconds long", "前30秒",
// "从1分20秒到2分钟", "去掉最后10秒"; and where the cut may fall ("quick cut": on keyframes,
// without re-encoding). Read before the cloud edits, so a timed trim is no longer a cloud edit,
// and before the sizes, so "1m20s" is a time and not 1 MB.
//
// Decisions on ambiguous phrasings:
// - "trim/cut/drop the first 5 seconds" takes them away; "trim to the first 5 seconds", "only
//   the first 5 seconds" and a bare "the first 5 seconds" keep them.
// - "cut from 1:20 to 2:00" keeps that part (as video editors say "cut a clip from"); "cut out /
//   remove 1:20 to 2:00" takes a part out of the middle, which only the cloud engine can do.
// - "under 2 minutes", "2分钟以内" keep the first 2 minutes (a length limit: the platform's).
// - A time nothing tells what to do with ("30 seconds") is not guessed: it is warned about.

import { formatTimecode } from '../../trim'
import { addCloudOnly, type Draft, type TrimPoint } from './draft'
import { roleOf } from './role'
import type { Mention, Scanner } from './scanner'

/** One point in time as typed, after normalize.ts: "1:20", "80s", "1 min 20 s", "1分20秒", "a minute". */
const TIME = String.raw`(?:\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?|(?:\d+(?:\.\d+)?\s*(?:hours?|hrs?|h)\b\s*(?:and\s+)?)?(?:\d+(?:\.\d+)?\s*(?:minutes?|mins?|m(?=\s*\d+(?:\.\d+)?\s*s\b))\s*(?:and\s+)?)?\d+(?:\.\d+)?\s*(?:seconds?|secs?|s)\b|(?:\d+(?:\.\d+)?\s*(?:hours?|hrs?|h)\b\s*(?:and\s+)?)?\d+(?:\.\d+)?\s*(?:minutes?|mins?)\b|\d+(?:\.\d+)?\s*(?:hours?|hrs?)\b|(?:an?|1)\s+minute and a half|half an? minute|an?\s+(?:minute|hour)\b|(?:\d+(?:\.\d+)?\s*(?:个)?\s*小时)?(?:\d+(?:\.\d+)?\s*(?:分钟|分(?![辨之享类]))(?:半|\s*\d+(?:\.\d+)?\s*秒钟?)?)|\d+(?:\.\d+)?\s*(?:个)?\s*小时|\d+(?:\.\d+)?\s*秒钟?|半分钟)`

/** The seconds a TIME match stands for. */
export function secondsOf(text: string): number | null {
  const value = text.trim()
  if (/^half an? minute$|^半分钟$/.test(value)) return 30
  if (/^(?:an?|1)\s+minute and a half$/.test(value)) return 90
  const clock = /^(?:(\d+):)?(\d{1,2}):(\d{2}(?:\.\d+)?)$/.exec(value)
  if (clock) {
    const seconds = Number(clock[3])
    const minutes = Number(clock[2])
    if (seconds >= 60 || (clock[1] !== undefined && minutes >= 60)) return null
    return Number(clock[1] ?? 0) * 3600 + minutes * 60 + seconds
  }
  let total = 0
  let found = false
  const units: ReadonlyArray<[RegExp, number]> = [
    [/(\d+(?:\.\d+)?)\s*(?:hours?|hrs?|h\b|个?\s*小时)/, 3600],
    [/(\d+(?:\.\d+)?)\s*(?:minutes?|mins?|m(?=\s*\d)|分钟|分)/, 60],
    [/(\d+(?:\.\d+)?)\s*(?:seconds?|secs?|s\b|秒)/, 1]
  ]
  for (const [pattern, factor] of units) {
    const match = pattern.exec(value)
    if (match) {
      total += Number(match[1]) * factor
      found = true
    }
  }
  if (/分半/.test(value)) total += 30
  if (!found && /^an?\s+minute$/.test(value)) return 60
  if (!found && /^an?\s+hour$/.test(value)) return 3600
  return found ? total : null
}

/** Words that take the part named away: "drop the first 5 seconds", "去掉前5秒". */
const REMOVE = String.raw`(?:\b(?:trim|trimming|cut|cutting|chop|remove|removing|delete|deleting|drop|dropping|skip|skipping|lose|ditch|get rid of|take off|shave off|without|minus|except)(?:\s+(?:off|out|away))?(?:\s+(?:it|the video|this))?(?:\s+(?:the|its))?|(?:剪掉|剪去|去掉|去除|删掉|删除|裁掉|截掉|不要|跳过|切掉)\s*(?:视频)?(?:的)?)`
/** Words after the part named that take it away: "the last 10 seconds off", "前5秒不要". */
const REMOVE_AFTER = /^\s*(?:off\b|away\b|out\b|不要|去掉|删掉|剪掉)/

const START_WORDS = String.raw`(?:first|opening)`
const END_WORDS = String.raw`(?:last|final|closing)`
/** Words that take a part out when it is named as a range: "remove 1:20 to 2:00" (but "cut from 1:20 to 2:00" keeps it). */
const REMOVE_RANGE = String.raw`(?:\b(?:remove|delete|drop|skip|cut out|cut away|trim out|take out|get rid of|without|minus|except)(?:\s+(?:the\s+)?(?:part|bit|section)?\s*(?:from|between)?)?|(?:剪掉|剪去|去掉|去除|删掉|删除|裁掉|切掉|不要)\s*(?:从)?)`
/** Not inside a word or a number: "mp4s" has no "4s" in it. */
const NOT_INSIDE = String.raw`(?<![a-z\d.:])`

/** A trim point, rounded to milliseconds (what ffmpeg's timestamps can carry). */
function point(seconds: number, fromEnd: boolean, text: string): TrimPoint {
  return { seconds: Math.round(seconds * 1000) / 1000, fromEnd, text }
}

function time(group: string | undefined, bareUnit?: string): number | null {
  if (group !== undefined) return secondsOf(group)
  if (bareUnit === undefined) return null
  if (/and a half/.test(bareUnit)) return 90
  return /hour|小时/.test(bareUnit) ? 3600 : /minute|分钟/.test(bareUnit) ? 60 : 1
}

/** "the first 30 seconds" / "the last minute", kept or taken away (a verb before or after says which). */
function readEdges(scan: Scanner, draft: Draft): void {
  const english = new RegExp(
    String.raw`(${REMOVE}\s+)?(?:\b(?:only|just|keep|keeping|want|need|give me|take|use|trim(?: it)?(?: down)? to|cut(?: it)?(?: down)? to|shorten(?: it)? to)\s+)?(?:the\s+)?\b(${START_WORDS}|${END_WORDS})\s+(?:(${TIME})|(minute and a half|minute|hour|second)\b)(?:\s+of(?:\s+(?:it|the video|the clip))?)?(?:\s+only)?(\s+(?:off|away|out)\b)?`,
    'g'
  )
  // "drop the first 5 seconds and the last 10": the verb is said once for both.
  let lastRemoved = false
  scan.take(english, (mention) => {
    const seconds = time(mention.groups[2], mention.groups[3])
    if (seconds === null) return false
    const carried = lastRemoved && /(?:\band|,)\s*$/.test(mention.before)
    const removed = carried || mention.groups[0] !== undefined || mention.groups[4] !== undefined || REMOVE_AFTER.test(mention.after)
    lastRemoved = removed
    const atEnd = new RegExp(`^${END_WORDS}$`).test(mention.groups[1] ?? '')
    addEdge(draft, seconds, atEnd, removed, mention)
  })
  const chinese = new RegExp(
    String.raw`(${REMOVE})?\s*(?:只要|只保留|保留|截取|只留|留下|取|要)?\s*(?:视频)?(?:的)?\s*(前|开头的?|片头的?|最后的?|后|结尾的?|片尾的?|末尾的?)\s*(${TIME})(?:\s*(?:就行|就好|就可以|即可))?`,
    'g'
  )
  lastRemoved = false
  scan.take(chinese, (mention) => {
    const seconds = time(mention.groups[2])
    if (seconds === null) return false
    const carried = lastRemoved && /(?:和|还有|以及|跟|,|，)\s*$/.test(mention.before)
    const removed = carried || mention.groups[0] !== undefined || REMOVE_AFTER.test(mention.after)
    lastRemoved = removed
    const atEnd = /最后|后|结尾|片尾|末尾/.test(mention.groups[1] ?? '')
    addEdge(draft, seconds, atEnd, removed, mention)
  })
}

function addEdge(draft: Draft, seconds: number, atEnd: boolean, removed: boolean, mention: Mention): void {
  if (seconds <= 0) {
    draft.errors.push(`"${mention.text}" is no part of the video: give a length of more than 0 seconds.`)
    return
  }
  if (atEnd && removed) draft.trimEnds.push(point(seconds, true, mention.text))
  else if (atEnd) draft.trimStarts.push(point(seconds, true, mention.text))
  else if (removed) draft.trimStarts.push(point(seconds, false, mention.text))
  else draft.trimEnds.push(point(seconds, false, mention.text))
}

/** "from 1:20 to 2:00", "between 0:05 and 1:20", "0:05-1:20", "from 10 to 30 seconds", "从1分20秒到2分钟". */
function readRanges(scan: Scanner, draft: Draft): void {
  const range = new RegExp(
    String.raw`(${REMOVE_RANGE}\s*)?(?:\b(?:keep|keeping|only|just|trim(?: it)?(?: to)?|cut(?: it)?|clip|take|use)\s+|(?:截取|保留|只要|只保留|剪出|剪取|留下)\s*)?(?:\b(?:from|between)\s+|从\s*(?:第\s*)?)?${NOT_INSIDE}(${TIME}|\d+(?:\.\d+)?(?=\s*(?:-|to|till|until|through|and|到|至)\s*\d+(?:\.\d+)?\s*(?:seconds?|secs?|s\b|minutes?|mins?|秒|分钟)))\s*(?:-|to|till|until|through|and|到|至)\s*(?:第\s*)?(${TIME})(?:\s*(?:为止|结束|之间))?`,
    'g'
  )
  scan.take(range, (mention) => {
    const second = mention.groups[2] ?? ''
    const bareFirst = /^\d+(?:\.\d+)?$/.test(mention.groups[1] ?? '')
    // "from 10 to 30 seconds": the unit said once, for both.
    const unit = /(?:minutes?|mins?|分钟)\s*$/.test(second) ? 60 : 1
    const start = bareFirst ? Number(mention.groups[1]) * unit : secondsOf(mention.groups[1] ?? '')
    const end = secondsOf(second)
    if (start === null || end === null) return false
    // "between 0:05 and 1:20" needs a time on both sides; "and" alone joins two edges otherwise.
    if (/\band\b/.test(mention.text) && !/\bbetween\b/.test(mention.text)) return false
    if (mention.groups[0] !== undefined || /^\s*(?:out\b|away\b)/.test(mention.after)) {
      // Taking out the beginning is a start; taking out a middle part is an edit for the cloud.
      if (start === 0) draft.trimStarts.push(point(end, false, mention.text))
      else addCloudOnly(draft, 'cut a part out of the middle')
      return
    }
    draft.trimStarts.push(point(start, false, mention.text))
    draft.trimEnds.push(point(end, false, mention.text))
  })
}

/** "start at 0:05", "from 1:00 on", "end at 2:00", "until 1:30", "从第5秒开始", "到2分钟结束", "under 2 minutes". */
function readSinglePoints(scan: Scanner, draft: Draft): void {
  scan.take(
    new RegExp(
      String.raw`\b(?:start(?:ing)?|begin(?:ning)?|skip(?: ahead)?)\s+(?:it\s+|the video\s+)?(?:at|from|to)\s+(?:the\s+)?(${TIME})|\bfrom\s+(${TIME})(?:\s+(?:on(?:wards?)?|to the end|till the end|until the end))?|从\s*(?:第\s*)?(${TIME})\s*(?:开始|起|以后|往后)?|${NOT_INSIDE}(${TIME})\s*(?:之后|以后|开始)`,
      'g'
    ),
    (mention) => {
      const seconds = secondsOf(mention.groups[0] ?? mention.groups[1] ?? mention.groups[2] ?? mention.groups[3] ?? '')
      if (seconds === null) return false
      draft.trimStarts.push(point(seconds, false, mention.text))
    }
  )
  scan.take(
    new RegExp(
      String.raw`\b(?:end(?:ing)?|stop(?:ping)?|finish(?:ing)?|cut(?: it)? off)\s+(?:it\s+)?(?:at|by|after)\s+(?:the\s+)?(${TIME})|\b(?:until|till|up to|up until)\s+(?:the\s+)?(${TIME})|(?:到|截到|截止到)\s*(?:第\s*)?(${TIME})\s*(?:为止|结束|之前)?|${NOT_INSIDE}(${TIME})\s*(?:之前|以前)(?!的)`,
      'g'
    ),
    (mention) => {
      const seconds = secondsOf(mention.groups[0] ?? mention.groups[1] ?? mention.groups[2] ?? mention.groups[3] ?? '')
      if (seconds === null) return false
      draft.trimEnds.push(point(seconds, false, mention.text))
    }
  )
}

/** "30 seconds long", "make it 30 seconds", "shorten it to a minute", "under 2 minutes", "剪成30秒", "30秒以内". */
function readLengths(scan: Scanner, draft: Draft): void {
  const add = (group: string | undefined, mention: Mention): boolean => {
    const seconds = group === undefined ? null : secondsOf(group)
    if (seconds === null) return false
    if (seconds <= 0) {
      draft.errors.push(`"${mention.text}" leaves nothing of the video: give a length of more than 0 seconds.`)
      return true
    }
    draft.trimLengths.push({ seconds: Math.round(seconds * 1000) / 1000, text: mention.text })
    return true
  }
  scan.take(
    new RegExp(
      String.raw`\b(?:make it|trim(?: it)?(?: down)? to|cut(?: it)?(?: down)? to|shorten(?: it)?(?: to)?|keep(?: it)?(?: to)?|only|just|limit(?: it)? to|clip(?: it)? to|under|less than|shorter than|no longer than|not longer than|at most|max(?:imum)?(?: of| length)?|within|a)\s+(?:the\s+)?(?:an?\s+)?(${TIME})(?:[ -]?(?:long|clip|video|cut|version))?(?:\s+(?:long|max|only|or less|or shorter))?|${NOT_INSIDE}(${TIME})[ -](?:long|clip|cut|version)\b(?:\s+only)?|(?:剪成|截成|剪到|截到|缩短到|缩短成|控制在|只要|只留|保留|时长|长度|时长为|长度为)\s*(${TIME})(?:\s*(?:以内|之内|内|以下|左右))?|(?:不超过|不要超过|别超过|最多|最长)\s*(${TIME})|${NOT_INSIDE}(${TIME})\s*(?:以内|之内|以下)`,
      'g'
    ),
    (mention) => add(mention.groups[0] ?? mention.groups[1] ?? mention.groups[2] ?? mention.groups[3] ?? mention.groups[4], mention)
  )
}

/** Where the cut may fall: "quick cut" (keyframes, no re-encoding) or "frame-accurate". */
function readPrecision(scan: Scanner, draft: Draft): void {
  scan.take(
    /\b(?:quick|fast|rough|instant)\s+(?:cut|trim)\b|\b(?:without|no|don'?t|do not|skip(?: the)?)\s+re-?encod\w*|\blossless(?:ly)?\s+(?:cut|trim)\w*|\b(?:cut|trim)\w*\s+losslessly\b|\b(?:at|on)\s+(?:the\s+)?(?:nearest\s+)?key ?frames?\b|\bkey ?frames? (?:is|are) (?:fine|ok|okay|enough)\b|\bstream ?copy\b|不重新编码|不要重新编码|不用重新编码|无损剪切|无损剪辑|无损截取|快速剪切|快速剪辑|按关键帧|关键帧/g,
    (mention) => {
      draft.trimPrecisions.push({ value: 'keyframe', text: mention.text })
    }
  )
  scan.take(/\bframe[- ]?(?:accurate|exact|precise)\b|\b(?:exact|precise)\s+(?:cut|trim)\b|精确剪切|精确到帧|逐帧/g, (mention) => {
    draft.trimPrecisions.push({ value: 'frame', text: mention.text })
  })
}

/** Times that describe the input ("my 10 minute video") are dropped; others are warned about. */
function readLeftoverTimes(scan: Scanner, draft: Draft): void {
  scan.take(new RegExp(`${NOT_INSIDE}(${TIME})`, 'g'), (mention) => {
    if (!/\d/.test(mention.text) || /^\d+(?:\.\d+)?\s*h$/.test(mention.text)) return false
    if (roleOf(mention, /(?!)/) === 'source' || /(?:\bis|\bwas|\bit's|\blasts?|\bruns?)\s*(?:about|around|only)?\s*$|有\s*$|长\s*$/.test(mention.before)) return
    const seconds = secondsOf(mention.groups[0] ?? '')
    draft.warnings.push(
      `"${mention.text}" is not used: say what to keep, e.g. "only the first ${formatTimecode(seconds ?? 30)}", "from ${formatTimecode(seconds ?? 30)} on" or "from 0:10 to 0:40".`
    )
  })
}

export function readTrims(scan: Scanner, draft: Draft): void {
  readPrecision(scan, draft)
  readRanges(scan, draft)
  readEdges(scan, draft)
  readSinglePoints(scan, draft)
  readLengths(scan, draft)
  readLeftoverTimes(scan, draft)
}
