// "Say what you want" (issue #4 "The request box"): free text, preset chips, and a live preview
// of the plan main understood. The text applies to the next files added.
import { useId } from 'react'
import { useTranslation } from 'react-i18next'
import { PRESETS, useRequestStore } from '../stores/request'

export function RequestBox(): React.JSX.Element {
  const text = useRequestStore((state) => state.text)
  const preview = useRequestStore((state) => state.preview)
  const setText = useRequestStore((state) => state.setText)
  const inputId = useId()
  const previewId = useId()
  const { t } = useTranslation()
  return (
    <section className="request" aria-label={t('request.region')}>
      <label htmlFor={inputId} className="request-label">
        {t('request.label')}
      </label>
      <input
        id={inputId}
        className="request-input"
        type="text"
        value={text}
        placeholder={t('request.placeholder')}
        onChange={(event) => setText(event.target.value)}
        aria-describedby={previewId}
        spellCheck={false}
        autoComplete="off"
      />
      <div className="chips" role="group" aria-label={t('request.presets')}>
        {PRESETS.map((preset) => {
          // The text in the language shown: the request parser reads English and Chinese alike.
          const presetText = t(`presets.${preset}.text`)
          return (
            <button key={preset} type="button" className="chip" aria-pressed={text === presetText} onClick={() => setText(presetText)}>
              {t(`presets.${preset}.label`)}
            </button>
          )
        })}
      </div>
      <div id={previewId} aria-live="polite">
        <p className={`plan ${preview?.error ? 'plan-error' : ''}`} data-testid="plan-preview">
          {preview === null ? t('request.reading') : preview.error ? preview.error : t('request.plan', { summary: preview.summary })}
        </p>
        {preview?.warnings.map((warning, index) => (
          <p key={index} className="plan plan-warning">
            {warning}
          </p>
        ))}
      </div>
    </section>
  )
}
