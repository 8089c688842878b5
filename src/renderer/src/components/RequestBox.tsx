// "Say what you want" (issue #4 "The request box"): free text, preset chips, and a live preview
// of the plan main understood. The text applies to the next files added.
import { useId } from 'react'
import { PRESETS, useRequestStore } from '../stores/request'

export function RequestBox(): React.JSX.Element {
  const text = useRequestStore((state) => state.text)
  const preview = useRequestStore((state) => state.preview)
  const setText = useRequestStore((state) => state.setText)
  const inputId = useId()
  const previewId = useId()
  return (
    <section className="request" aria-label="Request">
      <label htmlFor={inputId} className="request-label">
        What do you want?
      </label>
      <input
        id={inputId}
        className="request-input"
        type="text"
        value={text}
        placeholder="e.g. under 25 MB, 720p, no audio (empty: your default request)"
        onChange={(event) => setText(event.target.value)}
        aria-describedby={previewId}
        spellCheck={false}
        autoComplete="off"
      />
      <div className="chips" role="group" aria-label="Presets">
        {PRESETS.map((preset) => (
          <button key={preset.label} type="button" className="chip" aria-pressed={text === preset.text} onClick={() => setText(preset.text)}>
            {preset.label}
          </button>
        ))}
      </div>
      <div id={previewId} aria-live="polite">
        <p className={`plan ${preview?.error ? 'plan-error' : ''}`} data-testid="plan-preview">
          {preview === null ? 'Reading your request…' : preview.error ? preview.error : `Plan: ${preview.summary}`}
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
