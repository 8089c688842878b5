// The geometry of a shape (issue 14): the crop or the canvas with bars that gives a picture the
// asked aspect. One rule for the engine, which writes it, and the plan for a file, which says it.
import type { Aspect, Fit } from './compression'

/** The shape's geometry on the turned picture, in even pixels: what crop, pad or blur write. */
export interface ShapePlan {
  readonly aspect: Aspect
  readonly fit: Fit
  /** The picture written: the centred crop, or the canvas with the bars. */
  readonly width: number
  readonly height: number
  /** The turned source inside the bars (scaled to fit the canvas); the crop's own size for a crop. */
  readonly innerWidth: number
  readonly innerHeight: number
}

function even(value: number): number {
  return Math.max(2, Math.floor(value / 2) * 2)
}

/** Width over height of an aspect: 9:16 is 0.5625. */
export function aspectRatio(aspect: Aspect): number {
  const [width, height] = aspect.split(':').map(Number) as [number, number]
  return width / height
}

/** Long side over short side of a shape: 16/9 for 9:16 and 16:9 alike. */
export function longOverShort(aspect: Aspect): number {
  const ratio = aspectRatio(aspect)
  return ratio >= 1 ? ratio : 1 / ratio
}

/**
 * The crop or the canvas for a picture of width x height. A crop keeps the largest centred part
 * of the shape. Bars surround the whole picture, on a canvas no bigger on its short side than the
 * picture's (1920x1080 to 9:16 is 1080x1920 with the picture 1080x606 in the middle): a canvas of
 * 1920x3413 would spend most of the budget on bars.
 */
export function shapeFor(width: number, height: number, aspect: Aspect, fit: Fit): ShapePlan | null {
  const ratio = aspectRatio(aspect)
  const wider = width / height > ratio
  if (Math.abs(width / height - ratio) / ratio < 0.01) return null
  if (fit === 'crop') {
    const cropWidth = even(wider ? height * ratio : width)
    const cropHeight = even(wider ? height : width / ratio)
    return { aspect, fit, width: cropWidth, height: cropHeight, innerWidth: cropWidth, innerHeight: cropHeight }
  }
  const canvasWidth = wider ? width : height * ratio
  const canvasHeight = wider ? width / ratio : height
  const scale = Math.min(1, Math.min(width, height) / Math.min(canvasWidth, canvasHeight))
  return {
    aspect,
    fit,
    width: even(canvasWidth * scale),
    height: even(canvasHeight * scale),
    innerWidth: even(width * scale),
    innerHeight: even(height * scale)
  }
}
