// Quality wishes ("best quality", "as small as possible", "画质无所谓").

import type { QualityFloorLevel, QualityPreference } from '../../compression'
import type { Draft } from './draft'
import type { Scanner } from './scanner'

const QUALITY_RULES: ReadonlyArray<{ value: QualityPreference; pattern: RegExp }> = [
  // Indifference first: "don't care about quality" contains "quality" but asks for small.
  {
    value: 'small',
    pattern:
      /(?:don'?t|do not|dont)\s+(?:really\s+)?(?:care|mind)\s+(?:about\s+|much about\s+)?(?:losing\s+|the\s+|some\s+)*quality|quality\s+(?:doesn'?t|does not|don'?t|is not|isn'?t)\s+(?:matter|important)|(?:low|lower|bad|poor|worse|crappy)\s+quality\s+(?:is\s+)?(?:ok|okay|fine|acceptable|good enough)|画质无所谓|画质不重要|画质差点没关系|画质差一点没关系|不在乎画质|画质随便/g
  },
  {
    value: 'high',
    pattern:
      /without\s+(?:losing|lose|loosing|sacrificing|hurting|ruining|killing|compromising|degrading)\s+(?:too much\s+|much\s+|any\s+|a lot of\s+|the\s+|of\s+)*(?:quality|detail|clarity)|(?:don'?t|do not|dont|not|never|no|try not to)\s+(?:want to\s+)?(?:lose|losing|loose|ruin|sacrifice|hurt|degrade|compromise|kill|destroy)\w*\s+(?:(?:too\s+)?much\s+|the\s+|any\s+|a lot of\s+)*(?:quality|detail)|(?:best|highest|high|max(?:imum)?|great|top|good|better|full|original|excellent|same)\s*(?:possible\s+)?(?:video\s+)?quality|quality\s*(?::|=|-|is|should be)?\s*(?:high|highest|best|max(?:imum)?|good|great|top)\b|quality\s+(?:first|matters|is important|is key)|keep\s+(?:the\s+|its\s+)?(?:quality|it (?:sharp|crisp|clear))|preserv\w+\s+(?:the\s+)?quality|no\s+(?:visible\s+)?quality\s+loss|minimal\s+quality\s+loss|(?:visually\s+)?lossless|look(?:s|ing)?\s+(?:good|great|sharp|crisp|the same)|as good as possible|\bhq\b|画质.{0,4}(?:别|不要|不能|尽量不|不)\s*(?:损失|降低|变差|太差|下降|糊|掉|变)(?:太多|太大|太厉害)?|(?:别|不要|不能|尽量不|不|少)\s*(?:损失|降低)(?:太多)?\s*(?:的)?画质|保持画质|保证画质|保留画质|画质优先|高画质|画质(?:要|得|必须|一定要|需要)?(?:好|高)|画质高|最好的画质|最佳画质|最高画质|画质尽量好|画质不变|清晰度|清晰|高清|无损|别糊|不要糊|不糊/g
  },
  {
    value: 'small',
    pattern:
      /quality\s*(?::|=|-|is)?\s*(?:low|lowest|min(?:imum)?)\b|as small as (?:possible|it gets|you can|can be|it can)|smallest|tiniest|\btiny\b|max(?:imum)? compression|highest compression|compress (?:it |this )?as much as (?:possible|you can)|as much as possible|(?:min(?:imum)?|smallest) (?:file )?size|(?:low|lowest) quality|越小越好|尽量小|尽可能小|最小|极限压缩|最大压缩|体积最小|压到最小/g
  },
  {
    value: 'balanced',
    pattern:
      /\bbalanced\b(?:\s+(?:between\s+)?(?:quality|size)(?:\s+and\s+(?:quality|size))?)?|\bbalance\s+(?:between\s+)?(?:the\s+)?(?:quality|size)(?:\s+(?:and|with)\s+(?:the\s+)?(?:quality|size))?|quality\s*(?::|=|-|is)?\s*(?:medium|normal|balanced|ok|okay)\b|(?:decent|reasonable|normal|medium|ok|okay|average|standard|acceptable)\s+quality|good enough|平衡|适中|一般画质|画质一般|中等画质|画质适中/g
  }
]

/**
 * Which of the 'high' wishes also set a quality floor (issue #12: the engine then keeps to the
 * target and the floor, or says the size the floor needs). 'high' (looks the same): asking that
 * nothing be lost; 'good' (no visible blocks): asking that it look good or not lose too much.
 * "best quality" and "高清" stay wishes only: they ask for the most the size allows, not a bar.
 */
const FLOOR_RULES: ReadonlyArray<{ value: QualityFloorLevel; pattern: RegExp }> = [
  {
    value: 'good',
    pattern:
      /too\s+much|a lot of|(?:^|\s)much\s|look(?:s|ing)?\s+(?:good|great|sharp|crisp)|good\s+quality|quality\s*(?::|=|-|is|should be)?\s*good|太多|太差|画质(?:要|得|必须|一定要|需要)好|画质尽量好|别糊|不要糊|不糊/
  },
  {
    value: 'high',
    pattern:
      /keep\s+(?:the\s+|its\s+)?quality|preserv\w+\s+(?:the\s+)?quality|no\s+(?:visible\s+)?quality\s+loss|lossless|look(?:s|ing)?\s+the same|(?:without|don'?t|do not|dont|not|never|no)\s+\w*\s*(?:any\s+|the\s+)?(?:quality|detail)|保持画质|保证画质|保留画质|画质不变|无损|画质.{0,4}(?:别|不要|不能|尽量不|不)\s*(?:损失|降低|变差|下降)|(?:别|不要|不能|尽量不|不|少)\s*(?:损失|降低)\s*(?:的)?画质/
  }
]

/** The floor a 'high' wish sets, if any: the first rule that matches (a "too much" keeps it 'good'). */
export function floorOf(text: string): QualityFloorLevel | null {
  return FLOOR_RULES.find((rule) => rule.pattern.test(text))?.value ?? null
}

export function readQuality(scan: Scanner, draft: Draft): void {
  for (const rule of QUALITY_RULES) {
    scan.take(rule.pattern, (mention) => {
      if (/lossless/.test(mention.text)) {
        draft.warnings.push('Lossless output is larger than the source; reading "lossless" as "as little quality loss as possible".')
      }
      draft.qualities.push({ value: rule.value, text: mention.text })
      const floor = rule.value === 'high' ? floorOf(mention.text) : null
      if (floor !== null) draft.qualityFloors.push({ value: floor, text: mention.text })
    })
  }
}
