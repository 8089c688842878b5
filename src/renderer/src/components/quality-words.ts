// The numbers behind a quality verdict, as a row and a preview show them after its words.
import type { QualityScore } from '../../../shared/compression'
import type { Formatter } from '../../../shared/i18n'

/** "SSIM 0.9870, VMAF 95.2" (VMAF only where it was measured). */
export function qualityScores(quality: QualityScore, format: Formatter): string {
  const scores = [`SSIM ${format.fixed(quality.ssim, 4)}`]
  if (quality.vmaf !== null) scores.push(`VMAF ${format.fixed(quality.vmaf, 1)}`)
  return scores.join(', ')
}
