// Every setting from issue #4: default request, engine and cloud address, output folder,
// concurrency, ffmpeg path, the graphics chip (issue 17), notifications, close to tray, launch at login. Main validates each
// change (settings service); a refused change shows main's sentence and the field keeps its value.
// Paths main runs or writes into (ffmpeg, the output folder, watch folders) are never typed here:
// "Choose…" asks main to open its own dialog (issue #10 "Security"). The language (issue #13):
// the system's or one chosen, each language named in itself.
import { useEffect, useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { LANGUAGE_NAMES, LANGUAGE_SETTINGS, LANGUAGES, resolveLanguage } from '../../../shared/i18n'
import type { LanguageSetting } from '../../../shared/i18n'
import { MAX_CONCURRENCY } from '../../../shared/ipc/limits'
import type { CloudCredits, Settings, SettingsPatch } from '../../../shared/ipc/contract'
import { useFormatter } from '../i18n'
import { useSettingsStore } from '../stores/settings'

export function SettingsView(): React.JSX.Element {
  const settings = useSettingsStore((state) => state.settings)
  const error = useSettingsStore((state) => state.error)
  const update = useSettingsStore((state) => state.update)
  const chooseOutputFolder = useSettingsStore((state) => state.chooseOutputFolder)
  const chooseFfmpeg = useSettingsStore((state) => state.chooseFfmpeg)
  const addWatchFolder = useSettingsStore((state) => state.addWatchFolder)
  const editWatchFolder = useSettingsStore((state) => state.editWatchFolder)
  const removeWatchFolder = useSettingsStore((state) => state.removeWatchFolder)
  const { t } = useTranslation()
  if (!settings) return <p className="muted">{error ?? t('settings.loading')}</p>
  const save = (patch: SettingsPatch): void => void update(patch)

  return (
    <form className="settings" onSubmit={(event) => event.preventDefault()} aria-label={t('settings.title')}>
      <h2>{t('settings.title')}</h2>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <fieldset>
        <legend>{t('settings.request.legend')}</legend>
        <TextSetting
          label={t('settings.request.defaultRequest')}
          hint={t('settings.request.defaultRequestHint')}
          value={settings.defaultRequest}
          onCommit={(defaultRequest) => save({ defaultRequest })}
        />
      </fieldset>

      <fieldset>
        <legend>{t('settings.output.legend')}</legend>
        <Radio
          name="outputLocation"
          label={t('settings.output.nextToOriginal')}
          checked={settings.outputLocation === 'next-to-original'}
          onChange={() => save({ outputLocation: 'next-to-original' })}
        />
        {/* Without a folder yet, "In this folder" asks for one (choosing it switches there). */}
        <Radio
          name="outputLocation"
          label={t('settings.output.inFolder')}
          checked={settings.outputLocation === 'folder'}
          onChange={() => (settings.outputFolder === '' ? void chooseOutputFolder() : save({ outputLocation: 'folder' }))}
        />
        <PathSetting
          label={t('settings.output.folder')}
          value={settings.outputFolder}
          empty={t('settings.output.noFolder')}
          onChoose={() => void chooseOutputFolder()}
        />
        <p className="hint">{t('settings.output.naming')}</p>
      </fieldset>

      <fieldset>
        <legend>{t('settings.engine.legend')}</legend>
        <Radio name="engine" label={t('settings.engine.local')} checked={settings.engine === 'local'} onChange={() => save({ engine: 'local' })} />
        <Radio name="engine" label={t('settings.engine.cloud')} checked={settings.engine === 'cloud'} onChange={() => save({ engine: 'cloud' })} />
        {settings.engine === 'cloud' && <CloudCreditsLine apiUrl={settings.cloudApiUrl} />}
        <TextSetting
          label={t('settings.engine.cloudAddress')}
          hint={t('settings.engine.cloudAddressHint')}
          value={settings.cloudApiUrl}
          onCommit={(cloudApiUrl) => save({ cloudApiUrl })}
        />
        <PathSetting
          label={t('settings.engine.ffmpeg')}
          value={settings.ffmpegPath}
          empty={t('settings.engine.ffmpegDefault')}
          hint={t('settings.engine.ffmpegHint')}
          onChoose={() => void chooseFfmpeg()}
          clear={{ label: t('settings.engine.useBundled'), onClear: () => save({ ffmpegPath: '' }) }}
        />
        <HardwareSetting value={settings.hardware} onChange={(hardware) => save({ hardware })} />
        <NumberSetting
          label={t('settings.engine.concurrency')}
          value={settings.concurrency}
          min={1}
          max={MAX_CONCURRENCY}
          onCommit={(concurrency) => save({ concurrency })}
        />
      </fieldset>

      <fieldset>
        <legend>{t('settings.watch.legend')}</legend>
        <Toggle label={t('settings.watch.enabled')} checked={settings.watchFoldersEnabled} onChange={(watchFoldersEnabled) => save({ watchFoldersEnabled })} />
        {settings.watchFolders.length === 0 && <p className="hint">{t('settings.watch.none')}</p>}
        {settings.watchFolders.map((entry) => (
          <div key={entry.id} className="watch-folder">
            <div className="watch-folder-head">
              <p className="watch-folder-path" title={entry.folder}>
                {entry.folder}
              </p>
              <button
                type="button"
                className="quiet"
                onClick={() => void removeWatchFolder(entry.id)}
                aria-label={t('settings.watch.removeLabel', { folder: entry.folder })}
              >
                {t('settings.watch.remove')}
              </button>
            </div>
            <TextSetting
              label={t('settings.watch.request')}
              accessibleName={t('settings.watch.requestLabel', { folder: entry.folder })}
              hint={t('settings.watch.requestHint')}
              value={entry.request}
              onCommit={(request) => void editWatchFolder(entry.id, { request })}
            />
            <Toggle label={t('settings.watch.recursive')} checked={entry.recursive} onChange={(recursive) => void editWatchFolder(entry.id, { recursive })} />
          </div>
        ))}
        <div>
          <button type="button" onClick={() => void addWatchFolder()}>
            {t('settings.watch.add')}
          </button>
        </div>
      </fieldset>

      <fieldset>
        <legend>{t('settings.app.legend')}</legend>
        <LanguageSetting value={settings.language} onChange={(language) => save({ language })} />
        <Toggle label={t('settings.app.notifications')} checked={settings.notifications} onChange={(notifications) => save({ notifications })} />
        <Toggle label={t('settings.app.closeToTray')} checked={settings.closeToTray} onChange={(closeToTray) => save({ closeToTray })} />
        <Toggle label={t('settings.app.launchAtLogin')} checked={settings.launchAtLogin} onChange={(launchAtLogin) => save({ launchAtLogin })} />
      </fieldset>
    </form>
  )
}

/**
 * Language: System (named in the language it gives, "System (简体中文)"), then each language in
 * its own name, so that anyone finds theirs whatever the window speaks now.
 */
function LanguageSetting({ value, onChange }: { value: LanguageSetting; onChange: (value: LanguageSetting) => void }): React.JSX.Element {
  const { t } = useTranslation()
  const systemLocale = useSettingsStore((state) => state.systemLocale)
  const id = useId()
  const system = LANGUAGE_NAMES[resolveLanguage('system', [systemLocale, ...navigator.languages])]
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{t('settings.app.language')}</label>
      <select id={id} value={value} onChange={(event) => onChange(LANGUAGE_SETTINGS.find((choice) => choice === event.target.value) ?? 'system')}>
        <option value="system">{t('settings.app.systemLanguage', { language: system })}</option>
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {LANGUAGE_NAMES[language]}
          </option>
        ))}
      </select>
    </div>
  )
}

/** The graphics chip's encoder: used where it helps (the default), whenever one works, or never. */
function HardwareSetting({ value, onChange }: { value: Settings['hardware']; onChange: (value: Settings['hardware']) => void }): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <div className="field" role="group" aria-label={t('settings.hardware.group')}>
      <Radio name="hardware" label={t('settings.hardware.auto')} checked={value === 'auto'} onChange={() => onChange('auto')} />
      <Radio name="hardware" label={t('settings.hardware.on')} checked={value === 'on'} onChange={() => onChange('on')} />
      <Radio name="hardware" label={t('settings.hardware.off')} checked={value === 'off'} onChange={() => onChange('off')} />
      <p className="hint">{t('settings.hardware.hint')}</p>
    </div>
  )
}

/** The cloud balance, read when the cloud engine is chosen and again when its address changes. */
function CloudCreditsLine({ apiUrl }: { apiUrl: string }): React.JSX.Element {
  const credits = useSettingsStore((state) => state.credits)
  const refresh = useSettingsStore((state) => state.refreshCredits)
  const { t } = useTranslation()
  const format = useFormatter()
  useEffect(() => void refresh(), [apiUrl, refresh])
  const summary = ({ available, frozen, total }: CloudCredits): string =>
    t('settings.credits.summary', { available: format.number(available), frozen: format.number(frozen), total: format.number(total) })
  const text =
    credits.status === 'ready'
      ? summary(credits.credits)
      : credits.status === 'error'
        ? t('settings.credits.failed', { message: credits.message })
        : t('settings.credits.reading')
  return (
    <div className="row credits">
      <p className={credits.status === 'error' ? 'credits-text plan-error' : 'credits-text'} role="status" data-testid="cloud-credits">
        {text}
      </p>
      <button type="button" className="quiet" onClick={() => void refresh()} disabled={credits.status === 'loading'}>
        {t('settings.credits.refresh')}
      </button>
    </div>
  )
}

/**
 * A path main chooses in its own dialog: shown (whole, wrapped), never typed. The group is named
 * by its label, so its "Choose…" button is found as "Choose…" in "Output folder".
 */
function PathSetting({
  label,
  value,
  empty,
  hint,
  onChoose,
  clear
}: {
  label: string
  value: string
  empty: string
  hint?: string
  onChoose: () => void
  clear?: { label: string; onClear: () => void }
}): React.JSX.Element {
  const id = useId()
  const { t } = useTranslation()
  return (
    <div className="field" role="group" aria-labelledby={`${id}-label`} aria-describedby={hint ? `${id}-hint` : undefined}>
      <p id={`${id}-label`} className="field-label">
        {label}
      </p>
      <div className="path-row">
        <p className={value ? 'path-value' : 'path-value muted'}>{value || empty}</p>
        <button type="button" onClick={onChoose}>
          {t('settings.choose')}
        </button>
        {value && clear && (
          <button type="button" className="quiet" onClick={clear.onClear}>
            {clear.label}
          </button>
        )}
      </div>
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  )
}

/** A text field that saves on Enter or when focus leaves, and shows the saved value otherwise. */
function TextSetting({
  label,
  accessibleName,
  hint,
  value,
  onCommit
}: {
  label: string
  accessibleName?: string
  hint?: string
  value: string
  onCommit: (value: string) => void
}): React.JSX.Element {
  const id = useId()
  const [draft, setDraft] = useState(value)
  useEffect(() => setDraft(value), [value])
  const commit = (): void => {
    if (draft !== value) onCommit(draft)
  }
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        type="text"
        value={draft}
        spellCheck={false}
        aria-label={accessibleName}
        onChange={(event) => setDraft(event.target.value)}
        onBlur={commit}
        onKeyDown={(event) => event.key === 'Enter' && commit()}
        aria-describedby={hint ? `${id}-hint` : undefined}
      />
      {hint && (
        <p id={`${id}-hint`} className="hint">
          {hint}
        </p>
      )}
    </div>
  )
}

function NumberSetting({
  label,
  value,
  min,
  max,
  onCommit
}: {
  label: string
  value: number
  min: number
  max: number
  onCommit: (value: number) => void
}): React.JSX.Element {
  const id = useId()
  return (
    <div className="field field-inline">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(event) => onCommit(Number(event.target.value))}>
        {Array.from({ length: max - min + 1 }, (_, index) => min + index).map((option) => (
          <option key={option} value={option}>
            {option}
          </option>
        ))}
      </select>
    </div>
  )
}

function Radio({ name, label, checked, onChange }: { name: keyof Settings; label: string; checked: boolean; onChange: () => void }): React.JSX.Element {
  return (
    <label className="choice">
      <input type="radio" name={name} checked={checked} onChange={onChange} /> {label}
    </label>
  )
}

function Toggle({ label, checked, onChange }: { label: string; checked: boolean; onChange: (checked: boolean) => void }): React.JSX.Element {
  return (
    <label className="choice">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} /> {label}
    </label>
  )
}
