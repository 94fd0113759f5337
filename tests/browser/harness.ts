import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { gzipSync } from 'node:zlib'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { build } from 'vite'

/** Shared by the browser tests and bench/wall.ts: a real Chromium and a fresh build of the web app. */

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..')
export const CHROMIUM_PATH = '/usr/bin/chromium'
export const CHROMIUM_ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
  '--disable-sync', '--disable-quic', '--no-first-run',
]
export const hasChromium = existsSync(CHROMIUM_PATH)
export const SKIP_REASON = `Chromium not found at ${CHROMIUM_PATH}: browser tests SKIPPED (install with: apt-get install -y chromium fonts-noto-cjk)`

/**
 * tsx/esbuild wrap named functions in `__name(...)`; functions passed to page.evaluate carry that
 * call into the page, so every context defines a no-op `__name` first.
 */
export const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((fn) => fn)'

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS })
}

export interface BuiltWeb {
  dir: string
  /** JS files of the build with raw and gzip sizes (bytes) */
  js: { file: string; bytes: number; gzip: number }[]
  remove(): Promise<void>
}

/** Builds web/ with the project's vite.config.ts into a temporary folder. */
export async function buildWeb(): Promise<BuiltWeb> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'echo365-web-'))
  await build({
    configFile: path.join(REPO_ROOT, 'vite.config.ts'),
    build: { outDir: dir, emptyOutDir: true, reportCompressedSize: false },
    logLevel: 'warn',
  })
  const assets = path.join(dir, 'assets')
  const js = []
  for (const file of (await readdir(assets)).filter((f) => f.endsWith('.js')).sort()) {
    const buf = await readFile(path.join(assets, file))
    js.push({ file, bytes: buf.length, gzip: gzipSync(buf).length })
  }
  return { dir, js, remove: () => rm(dir, { recursive: true, force: true }) }
}

/**
 * Pages for the role-page tests: each in its own context (or a given one), with the bundler's name
 * shim and every JavaScript dialog recorded — an XSS that fires shows up in `dialogs`.
 */
export function pageOpener(browser: () => Browser, baseUrl: () => string) {
  const contexts: BrowserContext[] = []
  const dialogs: string[] = []
  /** `base` opens another server than the suite's; `prepare` runs on the page before it loads. */
  async function open(
    pagePath: string,
    options: Parameters<Browser['newContext']>[0],
    context?: BrowserContext,
    { base, prepare }: { base?: string; prepare?: (page: Page) => Promise<void> } = {},
  ): Promise<Page> {
    let ctx = context
    if (!ctx) {
      ctx = await browser().newContext(options)
      await ctx.addInitScript(NAME_SHIM)
      contexts.push(ctx)
    }
    const page = await ctx.newPage()
    page.on('dialog', (d) => {
      dialogs.push(d.message())
      void d.dismiss()
    })
    await prepare?.(page)
    await page.goto((base ?? baseUrl()) + pagePath)
    return page
  }
  const closeAll = () => Promise.all(contexts.splice(0).map((c) => c.close().catch(() => undefined)))
  return { open, dialogs, closeAll }
}

/** Signs in as the chief in the wall's login dialog (demo password). */
export async function signInWall(page: Page): Promise<void> {
  await page.click('[data-testid=login-open]')
  await page.fill('[data-testid=login-dialog] input[name=username]', 'chief')
  await page.fill('[data-testid=login-dialog] input[name=password]', 'echo365')
  await page.click('[data-testid=login-submit]')
  await page.waitForSelector('[data-testid=login-dialog]', { state: 'detached' })
}

/** Signs in on a role page's login panel (demo password). */
export async function signInPage(page: Page, username: string, waitConnected = false): Promise<void> {
  await page.fill('[data-testid=page-login] input[name=username]', username)
  await page.fill('[data-testid=page-login] input[name=password]', 'echo365')
  await page.click('[data-testid=page-login-submit]')
  await page.waitForSelector('[data-testid=page-logout]')
  if (waitConnected) await page.waitForSelector('[data-testid=page-connection].connected')
}
