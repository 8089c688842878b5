// No user-facing words written into the code (issue #13): every word the window, the tray, the
// notifications and main's notices and dialogs show comes from the catalogue (src/shared/i18n).
// The TypeScript parser reads each file and reports the string literals that people would see:
// JSX text, text props (title, aria-label, placeholder, label...), values of text fields (label,
// title, body...) and any literal that reads as words (two words or more). Keys given to t() and
// what is not text (class names, roles, module paths, types, Error and console messages) are
// left alone; ALLOWED lists the names that are not words (codecs, metrics).
//
// The CLI's printing files are scanned too, and its usage errors (options.ts, request.ts: a
// UsageError takes a catalogue key). Not yet: commander's --help texts (index.ts, English), the
// server and worker commands' output (server-commands.ts; their usage errors are keys already),
// the engine's, the queue's and the watch service's sentences (they become codes). Main's
// handlers' errors are words (errors:app).
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const ROOT = path.resolve(__dirname, '..')

/** The front ends' files whose every word must come from the catalogue. */
function scannedFiles(): string[] {
  const renderer = path.join(ROOT, 'src', 'renderer', 'src')
  const walk = (folder: string): string[] =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory()
        ? walk(path.join(folder, entry.name))
        : /\.tsx?$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name)
          ? [path.join(folder, entry.name)]
          : []
    )
  const main = ['tray-model.ts', 'tray.ts', 'notification-text.ts', 'watch-folders.ts', 'index.ts', 'handlers.ts', 'ffmpeg-check.ts', 'app-services.ts'].map(
    (name) => path.join(ROOT, 'src', 'main', name)
  )
  // The CLI's printing files; index.ts's option descriptions are commander's --help (English, README).
  // options.ts and request.ts: the usage errors (UsageError takes catalogue keys).
  const cli = [
    'compress-command.ts',
    'progress.ts',
    'plan-command.ts',
    'preview-command.ts',
    'watch-command.ts',
    'language.ts',
    'options.ts',
    'request.ts'
  ].map((name) => path.join(ROOT, 'src', 'cli', name))
  return [...walk(renderer), ...main, ...cli]
}

/** Names and symbols that read the same in every language. */
const ALLOWED = new Set(['H.264', 'HEVC', 'VP8', 'VP9', 'AV1', 'MPEG-4', 'MPEG-2', 'MPEG-1', 'ProRes', 'Motion JPEG', 'SSIM', 'VMAF'])

/** JSX attributes whose value people read (or hear, from a screen reader). */
const TEXT_PROPS = new Set(['title', 'aria-label', 'aria-description', 'aria-valuetext', 'placeholder', 'alt', 'label', 'hint', 'empty', 'accessibleName'])

/** Object fields whose value people read: tray items, notices, notifications, dialogs. */
const TEXT_FIELDS = new Set(['label', 'title', 'body', 'tooltip', 'hint', 'message', 'lines', 'name'])

/**
 * Calls whose string arguments are not for people, or are keys: t('app.name'), new Error('...'),
 * console.warn('...'), a membership test (types.includes('Files')).
 */
function isExemptCall(node: ts.CallExpression | ts.NewExpression): boolean {
  const callee = node.expression
  const name = ts.isIdentifier(callee) ? callee.text : ts.isPropertyAccessExpression(callee) ? callee.name.text : ''
  const owner = ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression.text : ''
  return (
    ['t', 'useTranslation', 'Error', 'TypeError', 'querySelector', 'querySelectorAll', 'closest', 'includes', 'require'].includes(name) || owner === 'console'
  )
}

/**
 * Reads as words: two words or more (apart by spaces, each with two letters in a row), a word
 * with a capital ("Waiting"), or any Chinese, Japanese or Korean. One lower-case token is a name,
 * a key or an identifier: "show-window", "queue:add-files", "../renderer/index.html".
 */
function readsAsWords(text: string): boolean {
  if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u.test(text)) return true
  // A capitalised word ("Waiting", "Quit") is a label; identifiers and keys are lower case.
  if (/^\s*\p{Lu}\p{Ll}{2,}\b/u.test(text)) return true
  return text.split(/\s+/).filter((token) => /\p{L}{2}/u.test(token)).length >= 2
}

const hasLetters = (text: string): boolean => /\p{L}/u.test(text)

interface Finding {
  file: string
  line: number
  text: string
}

/** The user-facing literals of one source file. */
function findUserFacingLiterals(fileName: string, source: string): Finding[] {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.Latest, true, fileName.endsWith('.tsx') ? ts.ScriptKind.TSX : ts.ScriptKind.TS)
  const findings: Finding[] = []
  const report = (node: ts.Node, text: string): void => {
    const trimmed = text.replace(/\s+/g, ' ').trim()
    if (trimmed === '' || ALLOWED.has(trimmed)) return
    findings.push({ file: path.relative(ROOT, fileName), line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, text: trimmed })
  }
  /** A literal's text, with "0" for each ${...} of a template. */
  const literalText = (node: ts.Node): string | null => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text
    if (ts.isTemplateExpression(node)) return node.head.text + node.templateSpans.map((span) => `0${span.literal.text}`).join('')
    return null
  }
  /** `asText`: the value is shown to people as it is (a text prop, a text field, JSX children). */
  const visit = (node: ts.Node, asText: boolean): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node) || ts.isTypeNode(node) || ts.isLiteralTypeNode(node)) return
    if ((ts.isCallExpression(node) || ts.isNewExpression(node)) && isExemptCall(node)) return
    if (ts.isJsxText(node)) {
      if (hasLetters(node.text)) report(node, node.text)
      return
    }
    if (ts.isJsxAttribute(node)) {
      const name = node.name.getText(file)
      // Other attributes (className, role, type, data-*, key...) are not read by people.
      if (TEXT_PROPS.has(name) && node.initializer) visit(node.initializer, true)
      return
    }
    if (ts.isPropertyAssignment(node)) {
      const name = ts.isIdentifier(node.name) || ts.isStringLiteral(node.name) ? node.name.text : ''
      visit(node.initializer, TEXT_FIELDS.has(name))
      return
    }
    // Comparisons and switch cases test values (job.state === 'done'), they show nothing.
    if (ts.isBinaryExpression(node) && [ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsEqualsToken].includes(node.operatorToken.kind))
      return
    if (ts.isCaseClause(node)) {
      node.statements.forEach((statement) => visit(statement, false))
      return
    }
    if (ts.isJsxExpression(node)) {
      // A child of an element is shown; an attribute's value is shown when the attribute is text.
      if (node.expression) visit(node.expression, ts.isJsxAttribute(node.parent) ? asText : true)
      return
    }
    const text = literalText(node)
    if (text !== null) {
      if (asText ? hasLetters(text) : readsAsWords(text)) report(node, text)
      if (ts.isTemplateExpression(node)) node.templateSpans.forEach((span) => visit(span.expression, false))
      return
    }
    // A conditional or a list passes "shown as it is" on to its parts; a call's arguments are its own.
    const passes = ts.isConditionalExpression(node) || ts.isParenthesizedExpression(node) || ts.isArrayLiteralExpression(node) || ts.isBinaryExpression(node)
    ts.forEachChild(node, (child) => visit(child, passes && asText && !(ts.isConditionalExpression(node) && child === node.condition)))
  }
  visit(file, false)
  return findings
}

describe('no user-facing words outside the catalogue (issue #13)', () => {
  it('finds none in the renderer, the tray, the notifications, main’s notices and dialogs, and the CLI’s output', () => {
    const files = scannedFiles()
    expect(files.length).toBeGreaterThan(15)
    const findings = files.flatMap((file) => findUserFacingLiterals(file, readFileSync(file, 'utf8')))
    expect(findings.map(({ file, line, text }) => `${file}:${line} "${text}"`)).toEqual([])
  })

  it('finds the words that were written into the code, and only those', () => {
    const source = `
      export function Row({ name, state }: { name: string; state: 'done' | 'failed' }) {
        const { t } = useTranslation()
        if (state === 'failed') console.warn('this is for the log only')
        const notice = { kind: 'error', title: 'Could not pause', lines: [\`\${name} is gone\`] }
        const item = { kind: 'action', label: 'Quit', action: 'quit' }
        const STATUS = { queued: 'Waiting', running: 'Working' }
        return (
          <li className="job job-done" data-state={state} aria-label={\`Cancel \${name}\`} title={t('job.qualityHint')}>
            <p>Hello world</p>
            <input placeholder="e.g. under 25 MB" type="text" />
            <span>{state === 'done' ? 'Finished' : t('job.status.failed')}</span>
            <span>{'H.264'} · {name} → {t('job.frameRate', { fps: 25 })}</span>
            <em>你好</em>
            {notify('error', 'Some items could not be added')}
          </li>
        )
      }`
    expect(findUserFacingLiterals(path.join(ROOT, 'sample.tsx'), source).map((finding) => finding.text)).toEqual([
      'Could not pause',
      '0 is gone',
      'Quit',
      'Waiting',
      'Working',
      'Cancel 0',
      'Hello world',
      'e.g. under 25 MB',
      'Finished',
      '你好',
      'Some items could not be added'
    ])
  })
})
