import type { NextFunction, Request, Response } from 'express'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { WallBoot } from '../../shared/events.ts'
import type { GeoPayload } from '../../shared/geo/payload.ts'
import type { AppContext } from '../context.ts'
import { wallSnapshot } from '../realtime/snapshot.ts'
import { GEO_PAYLOAD_JSON } from './geoPayload.ts'

const GEO_PAYLOAD = JSON.parse(GEO_PAYLOAD_JSON) as GeoPayload

/** The wall page's chunk in Vite's manifest (its key is the source path under web/). */
const WALL_ENTRY = 'src/pages/WallPage.vue'

interface ManifestChunk { file: string; isEntry?: boolean; imports?: string[]; css?: string[] }

/**
 * Links that let the browser fetch the wall's chunks (ECharts among them) together with the entry
 * instead of after it has run — only on `/`, so the phone pages never download the charts.
 */
export function wallPreloadLinks(webDir: string): string {
  const file = path.join(webDir, '.vite', 'manifest.json')
  if (!existsSync(file)) return ''
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, ManifestChunk>
  const js = new Set<string>()
  const css = new Set<string>()
  const visit = (key: string) => {
    const chunk = manifest[key]
    // the entry is the page's own <script>
    if (!chunk || chunk.isEntry || js.has(chunk.file)) return
    js.add(chunk.file)
    for (const c of chunk.css ?? []) css.add(c)
    for (const i of chunk.imports ?? []) visit(i)
  }
  visit(WALL_ENTRY)
  return [
    ...[...css].map((f) => `<link rel="stylesheet" href="/${f}">`),
    ...[...js].map((f) => `<link rel="modulepreload" crossorigin href="/${f}">`),
  ].join('')
}

/** JSON that is safe inside a <script> element: no `</script>`, no `<!--`. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c')
}

/**
 * The wall at `/`. In kiosk mode the page arrives with its display token and its first snapshot
 * inlined (a JSON data block, not a script, so the CSP stays strict): the wall draws real figures
 * as soon as its code has run, with no round trip for a token and none for a snapshot, and its
 * socket then resumes from that snapshot's seq. Anything else gets the plain page.
 */
export function wallPage(ctx: AppContext, webDir: string) {
  const template = readFileSync(path.join(webDir, 'index.html'), 'utf8')
  const preload = wallPreloadLinks(webDir)
  const plain = template.replace('</head>', `${preload}</head>`)
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      res.set('Cache-Control', 'no-store').type('html')
      const boot = req.query.token === undefined && ctx.config.WALL_KIOSK === 'on' && ctx.ready() ? await wallBoot(ctx) : null
      if (!boot) return res.send(plain)
      res.send(plain.replace('</head>', `<script id="echo365-boot" type="application/json">${scriptSafeJson(boot)}</script></head>`))
    } catch (err) {
      next(err)
    }
  }
}

async function wallBoot(ctx: AppContext): Promise<WallBoot | null> {
  const user = ctx.directory.findUser('display')
  const issued = user ? ctx.auth.issueDisplayToken() : null
  if (!user || !issued) return null
  const snapshot = await wallSnapshot({
    store: ctx.store, stats: ctx.stats, demo: ctx.config.demo, broadcasts: () => ctx.broadcasts.recentProgress(),
  }, user)
  return { token: issued.token, expiresAt: issued.expiresAt, snapshot, geo: GEO_PAYLOAD }
}
