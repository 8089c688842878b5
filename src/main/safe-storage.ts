// Electron's safeStorage as the TokenCipher of cloud-identity-store.ts (issue #6: the anonymous
// token "stored with Electron safeStorage where available"). The only code that touches it.
import { safeStorage } from 'electron'
import type { TokenCipher } from './cloud-identity-store'

export function createSafeStorageCipher(): TokenCipher {
  return {
    isAvailable: () => safeStorage.isEncryptionAvailable(),
    encrypt: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decrypt: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64'))
  }
}
