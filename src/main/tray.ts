// Electron glue for the tray: turns the TrayModel (tray-model.ts, unit-tested) into a Menu and
// routes clicks to actions. Nothing to decide here.
import { Menu, Tray } from 'electron'
import type { MenuItemConstructorOptions, NativeImage } from 'electron'
import type { TrayAction, TrayModel } from './tray-model'

export type TrayActions = (action: TrayAction, jobId?: string) => void

export function createAppTray(icon: NativeImage, onAction: TrayActions): { update(model: TrayModel): void; destroy(): void } {
  const tray = new Tray(icon)
  tray.on('click', () => onAction('show-window'))
  let lastTooltip = ''
  let lastMenu = ''
  return {
    update(model) {
      if (model.tooltip !== lastTooltip) tray.setToolTip((lastTooltip = model.tooltip))
      // Rebuilding a native menu is not free; progress ticks only change the tooltip.
      const menuKey = JSON.stringify(model.items)
      if (menuKey === lastMenu) return
      lastMenu = menuKey
      const template: MenuItemConstructorOptions[] = model.items.map((item) => {
        switch (item.kind) {
          case 'separator':
            return { type: 'separator' }
          case 'label':
            return { label: item.label, enabled: false }
          case 'checkbox':
            return { label: item.label, type: 'checkbox', checked: item.checked, click: () => onAction(item.action) }
          case 'action':
            return { label: item.label, enabled: item.enabled, click: () => onAction(item.action, item.jobId) }
        }
      })
      tray.setContextMenu(Menu.buildFromTemplate(template))
    },
    destroy: () => tray.destroy()
  }
}
