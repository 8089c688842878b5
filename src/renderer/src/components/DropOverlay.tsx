// Drop files anywhere on the window (issue #4): a window-wide listener with a hover state. The
// drop is always prevented, so a stray file never navigates the page away.
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

function carriesFiles(event: DragEvent): boolean {
  return event.dataTransfer?.types.includes('Files') ?? false
}

export function useFileDrop(onDrop: (files: File[]) => void): boolean {
  const [hovering, setHovering] = useState(false)
  // The latest callback without re-subscribing (which would reset the enter/leave count).
  const onDropRef = useRef(onDrop)
  onDropRef.current = onDrop
  useEffect(() => {
    // dragenter/dragleave fire for every child element; count them to know when we truly left.
    let depth = 0
    const enter = (event: DragEvent): void => {
      if (!carriesFiles(event)) return
      event.preventDefault()
      depth += 1
      setHovering(true)
    }
    const over = (event: DragEvent): void => {
      event.preventDefault()
      if (event.dataTransfer) event.dataTransfer.dropEffect = carriesFiles(event) ? 'copy' : 'none'
    }
    const leave = (event: DragEvent): void => {
      if (!carriesFiles(event)) return
      depth = Math.max(0, depth - 1)
      if (depth === 0) setHovering(false)
    }
    const drop = (event: DragEvent): void => {
      event.preventDefault()
      depth = 0
      setHovering(false)
      const files = Array.from(event.dataTransfer?.files ?? [])
      if (files.length > 0) onDropRef.current(files)
    }
    window.addEventListener('dragenter', enter)
    window.addEventListener('dragover', over)
    window.addEventListener('dragleave', leave)
    window.addEventListener('drop', drop)
    return () => {
      window.removeEventListener('dragenter', enter)
      window.removeEventListener('dragover', over)
      window.removeEventListener('dragleave', leave)
      window.removeEventListener('drop', drop)
    }
  }, [])
  return hovering
}

export function DropOverlay(): React.JSX.Element {
  const { t } = useTranslation()
  return (
    <div className="drop-overlay" role="status" aria-live="polite">
      <div className="drop-card">
        <p className="drop-title">{t('drop.title')}</p>
        <p className="drop-hint">{t('drop.hint')}</p>
      </div>
    </div>
  )
}
