// Edits only the NemoVideo cloud engine can do ("add subtitles", "cut out the boring part").
// Read before the settings, so what they say is never read again as one. Trims with a time, shapes
// and quarter turns are the local engine's now (issue 14: rules/trim.ts, rules/shape.ts, read
// before this file); what they leave ("trim the intro", "crop out the logo", "flip it") is here.

import { addCloudOnly, type Draft } from './draft'
import type { Scanner } from './scanner'

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
  // A part without a time ("trim the intro", "cut the boring middle"): which part is the cloud's call.
  {
    pattern:
      /\b(?:trim|cut|chop|remove|delete|drop|skip)\b(?:\s+(?:off|out|away))?\s+(?:the\s+)?(?:first|last|beginning|end|ending|start|intro|outro|middle|boring)\b[^,.;]*?(?:\b(?:part|bit|section|scene|seconds?|minutes?)\b|$|(?=[,.;]))/g,
    label: 'trim the video'
  },
  { pattern: /\bcut out\b(?!\s+(?:the )?(?:audio|sound))/g, label: 'trim the video' },
  { pattern: /\bcrop(?:ped|ping)?\b/g, label: 'crop the picture' },
  { pattern: /\bflip(?:ped)?\b|\bmirror(?:ed)?\b/g, label: 'flip or mirror' },
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
  { pattern: /翻转|镜像/g, label: 'flip or mirror' },
  { pattern: /提取音频|提取声音|只要声音|只要音频|转成?mp3/g, label: 'extract the audio' },
  { pattern: /做成gif|转成?gif|动图/g, label: 'make a GIF' }
]

export function readCloudEdits(scan: Scanner, draft: Draft): void {
  for (const edit of CLOUD_EDITS) {
    scan.take(edit.pattern, () => {
      addCloudOnly(draft, edit.label)
    })
  }
}
