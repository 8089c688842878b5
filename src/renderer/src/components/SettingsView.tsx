// Every setting from issue #4: default request, engine and cloud address, output folder,
// concurrency, ffmpeg path, notifications, close to tray, launch at login. Main validates each
// change (settings service); a refused change shows main's sentence and the field keeps its value.
// Paths main runs or writes into (ffmpeg, the output folder, watch folders) are never typed here:
// "Choose…" asks main to open its own dialog (issue #10 "Security").
import { useEffect, useId, useState } from 'react'
import { MAX_CONCURRENCY } from '../../../shared/ipc/limits'
import type { Settings, SettingsPatch } from '../../../shared/ipc/contract'
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
  if (!settings) return <p className="muted">{error ?? 'Loading settings…'}</p>
  const save = (patch: SettingsPatch): void => void update(patch)

  return (
    <form className="settings" onSubmit={(event) => event.preventDefault()} aria-label="Settings">
      <h2>Settings</h2>
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      <fieldset>
        <legend>Request</legend>
        <TextSetting
          label="Default request"
          hint="Used when you add files without typing a request (e.g. “under 25 MB”). Empty: smaller, same quality."
          value={settings.defaultRequest}
          onCommit={(defaultRequest) => save({ defaultRequest })}
        />
      </fieldset>

      <fieldset>
        <legend>Where results go</legend>
        <Radio
          name="outputLocation"
          label="Next to the original"
          checked={settings.outputLocation === 'next-to-original'}
          onChange={() => save({ outputLocation: 'next-to-original' })}
        />
        {/* Without a folder yet, "In this folder" asks for one (choosing it switches there). */}
        <Radio
          name="outputLocation"
          label="In this folder:"
          checked={settings.outputLocation === 'folder'}
          onChange={() => (settings.outputFolder === '' ? void chooseOutputFolder() : save({ outputLocation: 'folder' }))}
        />
        <PathSetting label="Output folder" value={settings.outputFolder} empty="No folder chosen yet." onChoose={() => void chooseOutputFolder()} />
        <p className="hint">Results are named “name.compressed.mp4” and never replace an existing file.</p>
      </fieldset>

      <fieldset>
        <legend>Engine</legend>
        <Radio name="engine" label="On this computer (ffmpeg)" checked={settings.engine === 'local'} onChange={() => save({ engine: 'local' })} />
        <Radio name="engine" label="Cloud" checked={settings.engine === 'cloud'} onChange={() => save({ engine: 'cloud' })} />
        {settings.engine === 'cloud' && <CloudCreditsLine apiUrl={settings.cloudApiUrl} />}
        <TextSetting
          label="Cloud API address"
          hint="https://… Empty: the default NemoVideo address. Only used with the cloud engine."
          value={settings.cloudApiUrl}
          onCommit={(cloudApiUrl) => save({ cloudApiUrl })}
        />
        <PathSetting
          label="ffmpeg"
          value={settings.ffmpegPath}
          empty="The bundled ffmpeg (or FFMPEG_PATH, or the one on your PATH)."
          hint="The program you choose is used only if it answers as ffmpeg."
          onChoose={() => void chooseFfmpeg()}
          clear={{ label: 'Use the bundled one', onClear: () => save({ ffmpegPath: '' }) }}
        />
        <NumberSetting
          label="Files at the same time"
          value={settings.concurrency}
          min={1}
          max={MAX_CONCURRENCY}
          onCommit={(concurrency) => save({ concurrency })}
        />
      </fieldset>

      <fieldset>
        <legend>Watch folders</legend>
        <Toggle
          label="Compress new videos that appear in these folders"
          checked={settings.watchFoldersEnabled}
          onChange={(watchFoldersEnabled) => save({ watchFoldersEnabled })}
        />
        {settings.watchFolders.length === 0 && <p className="hint">No folders yet. Results are written as configured above; each video is handled once.</p>}
        {settings.watchFolders.map((entry) => (
          <div key={entry.id} className="watch-folder">
            <div className="watch-folder-head">
              <p className="watch-folder-path" title={entry.folder}>
                {entry.folder}
              </p>
              <button type="button" className="quiet" onClick={() => void removeWatchFolder(entry.id)} aria-label={`Stop watching ${entry.folder}`}>
                Remove
              </button>
            </div>
            <TextSetting
              label="Request for this folder"
              accessibleName={`Request for ${entry.folder}`}
              hint="Empty: the default request."
              value={entry.request}
              onCommit={(request) => void editWatchFolder(entry.id, { request })}
            />
            <Toggle label="Include subfolders" checked={entry.recursive} onChange={(recursive) => void editWatchFolder(entry.id, { recursive })} />
          </div>
        ))}
        <div>
          <button type="button" onClick={() => void addWatchFolder()}>
            Add folder…
          </button>
        </div>
      </fieldset>

      <fieldset>
        <legend>App</legend>
        <Toggle label="Notify me when a batch finishes" checked={settings.notifications} onChange={(notifications) => save({ notifications })} />
        <Toggle label="Keep working in the tray when I close the window" checked={settings.closeToTray} onChange={(closeToTray) => save({ closeToTray })} />
        <Toggle label="Start at login" checked={settings.launchAtLogin} onChange={(launchAtLogin) => save({ launchAtLogin })} />
      </fieldset>
    </form>
  )
}

/** The cloud balance, read when the cloud engine is chosen and again when its address changes. */
function CloudCreditsLine({ apiUrl }: { apiUrl: string }): React.JSX.Element {
  const credits = useSettingsStore((state) => state.credits)
  const refresh = useSettingsStore((state) => state.refreshCredits)
  useEffect(() => void refresh(), [apiUrl, refresh])
  const text =
    credits.status === 'ready' ? credits.credits.summary : credits.status === 'error' ? `Credits could not be read: ${credits.message}` : 'Reading credits…'
  return (
    <div className="row credits">
      <p className={credits.status === 'error' ? 'credits-text plan-error' : 'credits-text'} role="status" data-testid="cloud-credits">
        {text}
      </p>
      <button type="button" className="quiet" onClick={() => void refresh()} disabled={credits.status === 'loading'}>
        Refresh
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
  return (
    <div className="field" role="group" aria-labelledby={`${id}-label`} aria-describedby={hint ? `${id}-hint` : undefined}>
      <p id={`${id}-label`} className="field-label">
        {label}
      </p>
      <div className="path-row">
        <p className={value ? 'path-value' : 'path-value muted'}>{value || empty}</p>
        <button type="button" onClick={onChoose}>
          Choose…
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
