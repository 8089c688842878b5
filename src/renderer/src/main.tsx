import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
// Before the first render: the catalogues and the first guess at the language.
import './i18n'
import './styles.css'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>
)
