/** A tiny JSON client for the REST API; errors carry the server's `{error:{code,message,fields}}`. */

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message)
    this.name = 'ApiError'
  }
}

interface ErrorBody { error?: { code?: unknown; message?: unknown; fields?: unknown } }

/** Turns a failed response's body into an ApiError (pure: tested in node). */
export function toApiError(status: number, body: unknown): ApiError {
  const e = (body && typeof body === 'object' ? (body as ErrorBody).error : undefined) ?? {}
  const fields: Record<string, string> = {}
  if (e.fields && typeof e.fields === 'object') {
    for (const [k, v] of Object.entries(e.fields as Record<string, unknown>)) fields[k] = String(v)
  }
  const message = typeof e.message === 'string' && e.message ? e.message : `请求失败（${status}）`
  return new ApiError(status, typeof e.code === 'string' ? e.code : 'http_error', message, fields)
}

export interface RequestOptions {
  token?: string | null
  body?: unknown
  signal?: AbortSignal
}

export async function apiRequest<T>(method: 'GET' | 'POST', url: string, opts: RequestOptions = {}): Promise<T> {
  let res: Response
  try {
    res = await fetch(url, {
      method,
      headers: {
        accept: 'application/json',
        ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(opts.token ? { authorization: `Bearer ${opts.token}` } : {}),
      },
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
      signal: opts.signal,
      cache: 'no-store',
    })
  } catch (err) {
    if ((err as { name?: string }).name === 'AbortError') throw err
    throw new ApiError(0, 'network', '网络异常，请检查与服务器的连接')
  }
  const text = await res.text()
  let body: unknown
  try {
    body = text ? JSON.parse(text) : null
  } catch {
    body = null
  }
  if (!res.ok) throw toApiError(res.status, body)
  return body as T
}

/** Appends the token to a media URL: <img>/<audio>/<video> cannot send an Authorization header. */
export function mediaUrl(url: string, token: string | null): string {
  if (!token) return url
  return `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`
}
