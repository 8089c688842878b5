// The result's shape and turn (issue 14): "vertical for TikTok", "square for Instagram", "9:16",
// "竖屏", "with black bars", "blurred background", "turn it upright", "rotate 90", "旋转90度".
// Read before the cloud edits, so "crop to square" and "rotate 90" are no longer cloud edits (a
// bare "crop", "flip" or "mirror" still is), and before the numbers, so "9:16" is never a time,
// a fraction or a picture size.
//
// Decisions on ambiguous phrasings:
// - "vertical"/"portrait"/"竖屏" is 9:16, "landscape"/"horizontal"/"横屏" 16:9, "square" 1:1.
// - "from landscape to portrait", "横屏转竖屏", "this vertical video": the first shape (or the one
//   said of "this"/"my") describes the input (role.ts).
// - "turn it upright" (and "转正") is a quarter turn clockwise: which way a sideways phone video
//   must turn cannot be read from the words, so the reading is said in the assumptions.
// - "rotate it" with no angle or direction is refused: turning the wrong way is not a guess to make.

import { type Aspect, type Fit, type Rotation, ROTATIONS } from '../../compression'
import type { Draft } from './draft'
import { roleOf } from './role'
import type { Mention, Scanner } from './scanner'

const SHAPE_WORDS: ReadonlyArray<{ pattern: RegExp; aspect: Aspect }> = [
  { pattern: /^(?:vertical|portrait|竖屏|竖版|竖向)$/, aspect: '9:16' },
  { pattern: /^(?:landscape|horizontal|wide ?screen|横屏|横版|横向)$/, aspect: '16:9' },
  { pattern: /^(?:square|squared|方形|正方形|方屏)$/, aspect: '1:1' }
]

/** The next shape, for "landscape to portrait" (the first one then describes the input). */
const SHAPE_AHEAD = /^(?:vertical|portrait|landscape|horizontal|widescreen|square|竖屏|竖版|横屏|横版|方形|正方形|9:16|16:9|1:1|4:5)/

const SUPPORTED = new Map<string, Aspect>([
  ['9:16', '9:16'],
  ['16:9', '16:9'],
  ['1:1', '1:1'],
  ['4:5', '4:5']
])

/** A crop said with the shape, part of its mention: "crop to square", "crop it 9:16", "裁成竖屏". */
const CROP = String.raw`(?:(\bcrop(?:ped|ping)?(?:\s+(?:it|the video|this))?(?:\s+(?:to|into|as|down to))?(?:\s+an?)?|裁成|裁剪成|裁剪为|裁切成|裁为|剪裁成|剪成)\s*)?`

function addAspect(draft: Draft, aspect: Aspect, mention: Mention): void {
  if (roleOf(mention, SHAPE_AHEAD) === 'source') return
  draft.aspects.push({ value: aspect, text: mention.text })
  if (mention.groups[0] !== undefined) draft.fits.push({ value: 'crop', text: mention.text })
}

function readAspects(scan: Scanner, draft: Draft): void {
  // "9:16", "9x16", "9 by 16", "9/16", "9比16"; other ratios ("4:3") are not shapes the engine makes.
  const ratio = new RegExp(
    String.raw`${CROP}(?<![\d.:/x])(\d{1,2})\s*(?::|x|by|\/|比)\s*(\d{1,2})(?![\d:/x]|\.\d)(?:\s*(?:aspect(?: ratio)?|ratio|format|画幅|比例))?`,
    'g'
  )
  scan.take(ratio, (mention) => {
    const key = `${mention.groups[1] ?? ''}:${mention.groups[2] ?? ''}`
    const aspect = SUPPORTED.get(key)
    // "1:20" is a time and "2/3" a fraction: only ratios said as shapes are read here.
    const shapeSaid =
      /aspect|ratio|format|画幅|比例/.test(mention.text) ||
      /(?:aspect(?: ratio)?|ratio|shape|format|画幅|比例)\s*(?:of|to|is|=|:|为|是|改成|改为)?\s*$/.test(mention.before)
    if (aspect === undefined) {
      if (!shapeSaid && !/[:比]/.test(mention.text)) return false
      if (!shapeSaid && /^\d:\d\d$/.test(key)) return false
      if (!shapeSaid && !['4:3', '3:4', '21:9', '2:3', '3:2', '5:4', '2:1', '1:2'].includes(key)) return false
      draft.otherSettingMentioned = true
      draft.warnings.push(`${key} is not a shape the engine makes: choose 9:16 (vertical), 1:1 (square), 16:9 (landscape) or 4:5. Keeping the source's shape.`)
      return
    }
    addAspect(draft, aspect, mention)
  })
  // The noun after the shape is part of it ("vertical video for TikTok" asks for one), so role.ts
  // does not read it as a description of the input; "this vertical video" still is one.
  const words = new RegExp(
    String.raw`${CROP}(?:\b(vertical|portrait|landscape|horizontal|wide ?screen|square(?:d)?)\b(?:\s+(?:mode|format|shape|orientation|aspect(?: ratio)?|video|clip|version|crop))?|(竖屏|竖版|竖向|横屏|横版|横向|正方形|方形|方屏)(?:的)?(?:视频|版本|格式|模式)?)`,
    'g'
  )
  scan.take(words, (mention) => {
    const word = mention.groups[1] ?? mention.groups[2] ?? ''
    const entry = SHAPE_WORDS.find((candidate) => candidate.pattern.test(word))
    // "flip it vertically" is a mirror image, for the cloud engine.
    if (!entry || /(?:flip|mirror)\w*\s+(?:it\s+)?$/.test(mention.before)) return false
    addAspect(draft, entry.aspect, mention)
  })
  // The named platform's own shape, resolved once the platforms are read (settle.ts).
  scan.take(
    /\b(?:full[ -]?screen|fill(?:s|ing)? the (?:whole )?screen|(?:its|the platform'?s|the right|their) (?:shape|aspect ratio|format))\b|全屏|铺满屏幕/g,
    (mention) => {
      draft.platformShapeAsked.push(mention.text)
    }
  )
}

function readFits(scan: Scanner, draft: Draft): void {
  const add = (fit: Fit) => (mention: Mention) => {
    draft.fits.push({ value: fit, text: mention.text })
  }
  // Blurred bars before black bars: "blurred bars" has "bars" in it.
  scan.take(
    /\bblur(?:red|ry)?\s+(?:the\s+)?(?:background|bars|sides|edges|borders|fill|padding)\b|\b(?:background|bars|sides|padding)\s+blurred\b|\b(?:pad|fill)(?:ded)?\s+(?:it\s+)?with\s+(?:a\s+)?blur\w*|模糊背景|背景模糊|模糊填充|模糊边框?/g,
    add('blur')
  )
  scan.take(
    /\b(?:with\s+)?(?:black\s+)?bars\b|\bletter-?box(?:ed|ing)?\b|\bpillar-?box(?:ed|ing)?\b|\bpad(?:ded|ding)?\b(?:\s+(?:it|with black))?|\b(?:don'?t|do not|no|without|never)\s+crop\w*|\bkeep (?:the )?(?:whole|entire|full) (?:picture|frame|image)\b|\bfit (?:it )?inside\b|加黑边|黑边|留黑边|不要裁剪|不裁剪|别裁剪|不要裁|不裁/g,
    add('pad')
  )
  // "crop" alone with a shape was read with the shape; a bare "crop it" stays a cloud edit.
}

/** Degrees in words: "90", "90 degrees", "90°", "a quarter turn", "九十度" (after normalize.ts: "90度"). */
const ANGLE = String.raw`(-?(?:90|180|270)(?![\d.a-z])|-?\d+(?=\s*(?:degrees?|deg|°|度)))\s*(?:degrees?|deg|°|度)?`
const CLOCKWISE = String.raw`(?:clockwise|cw|to the right|right|向右|顺时针)`
const COUNTERCLOCKWISE = String.raw`(?:counter-?clockwise|anti-?clockwise|ccw|to the left|left|向左|逆时针)`

function readRotations(scan: Scanner, draft: Draft): void {
  const add = (degrees: number, mention: Mention, counterclockwise: boolean): void => {
    const turned = (((counterclockwise ? -degrees : degrees) % 360) + 360) % 360
    if (!(ROTATIONS as readonly number[]).includes(turned)) {
      draft.errors.push(`"${mention.text}" is not a turn the engine makes: it turns by quarter turns (90, 180 or 270 degrees clockwise).`)
      return
    }
    draft.rotations.push({ value: turned as Rotation, text: mention.text })
  }
  // Upside down first: "flip it upside down" is a half turn, not a mirror image.
  scan.take(
    /\b(?:(?:turn|flip|rotate|put)\s+(?:it\s+|the video\s+|this\s+)?)?upside[- ]down\b|\bhalf[- ]turn\b|倒过来|上下颠倒|颠倒过来|倒着的?|转180度/g,
    (mention) => {
      add(180, mention, false)
    }
  )
  scan.take(
    /\b(?:turn|make|get|set|put|stand|flip|rotate)\s+(?:it|the video|this|the picture)?\s*(?:upright|right (?:side|way) up|the right way up)\b|转正|摆正|扶正|竖过来/g,
    (mention) => {
      draft.rotations.push({ value: 90, text: mention.text })
      draft.assumptions.push(
        `"${mention.text}" read as a quarter turn clockwise; if the picture ends up upside down, say "rotate 270" (counterclockwise) instead.`
      )
    }
  )
  scan.take(
    new RegExp(
      String.raw`\b(?:rotat(?:e|ed|ing)|turn(?:ed)?|spin)\s+(?:it\s+|the video\s+|this\s+|the picture\s+)?(?:by\s+)?(?:${ANGLE})\s*(${COUNTERCLOCKWISE}|${CLOCKWISE})?|\b(?:rotat(?:e|ed|ing)|turn)\s+(?:it\s+|the video\s+|this\s+)?(${COUNTERCLOCKWISE}|${CLOCKWISE})(?:\s+(?:by\s+)?${ANGLE})?|\ba quarter[- ]turn\s*(${COUNTERCLOCKWISE}|${CLOCKWISE})?|(${COUNTERCLOCKWISE}|${CLOCKWISE})?\s*(?:旋转|转)\s*(-?\d+)\s*度|(?:旋转|转)\s*(-?\d+)\s*度\s*(${COUNTERCLOCKWISE}|${CLOCKWISE})?|(向左|向右|左|右)\s*(?:旋转|转)(?:90度)?(?!成)`,
      'g'
    ),
    (mention) => {
      const g = mention.groups
      const direction = g[1] ?? g[2] ?? g[4] ?? g[5] ?? g[8] ?? g[9] ?? ''
      const angle =
        g[0] ?? g[3] ?? g[6] ?? g[7] ?? (g[4] !== undefined || g[2] !== undefined || g[9] !== undefined || /quarter/.test(mention.text) ? '90' : undefined)
      if (angle === undefined) return false
      add(Number(angle), mention, /left|左|逆时针|counter|anti|ccw/.test(direction))
    }
  )
  scan.take(/\brotat(?:e|ed|ing|ion)\b(?:\s+(?:it|the video|this))?|旋转/g, (mention) => {
    // "keep the rotation" asks for what is always done (the source's rotation is kept).
    if (/(?:\bkeep|\bpreserve|\bretain|\bdon'?t change|\bno|\bwithout|\bsame|保持|保留|不要|不)\s*(?:the\s+|its\s+)?$/.test(mention.before)) {
      draft.otherSettingMentioned = true
      return
    }
    draft.errors.push(
      `"${mention.text}" does not say which way: say "rotate 90" (a quarter turn clockwise), "rotate 270" (counterclockwise) or "rotate 180" (upside down).`
    )
  })
}

export function readShapes(scan: Scanner, draft: Draft): void {
  readRotations(scan, draft) // "rotate 90" before the ratios could read its number
  readFits(scan, draft)
  readAspects(scan, draft)
}
