import { ApiError, toApiError } from '../../lib/api.ts'

/** The file name from a Content-Disposition header (filename*= first), or null. */
export function fileNameFrom(disposition: string | null): string | null {
  if (!disposition) return null
  const star = /filename\*\s*=\s*(?:UTF-8'')?([^;]+)/i.exec(disposition)?.[1]
  if (star) {
    try {
      return decodeURIComponent(star.trim().replace(/^"|"$/g, ''))
    } catch {
      // fall through to the plain form
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/i.exec(disposition)?.[1]
  return plain?.trim() || null
}

/**
 * Downloads a protected file: a plain link cannot send the bearer token, so fetch it, then hand
 * the blob to the browser through a temporary object URL.
 */
export async function downloadWithToken(url: string, token: string, fallbackName: string): Promise<string> {
  let res: Response
  try {
    res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, cache: 'no-store' })
  } catch {
    throw new ApiError(0, 'network', '网络异常，导出失败')
  }
  if (!res.ok) {
    const body: unknown = await res.json().catch(() => null)
    throw toApiError(res.status, body)
  }
  const blob = await res.blob()
  const name = fileNameFrom(res.headers.get('content-disposition')) ?? fallbackName
  const href = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = href
  a.download = name
  a.rel = 'noopener'
  document.body.appendChild(a)
  a.click()
  a.remove()
  // the click has started the download; give the browser a moment before the URL goes
  setTimeout(() => URL.revokeObjectURL(href), 30_000)
  return name
}
