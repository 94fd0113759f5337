import type { ZodError } from 'zod'

export type ErrorCode =
  | 'unauthorized' | 'forbidden' | 'not_found' | 'bad_request' | 'conflict' | 'too_large'
  | 'unsupported_media' | 'rate_limited' | 'internal' | 'unavailable'

const STATUS: Record<ErrorCode, number> = {
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  bad_request: 400,
  conflict: 409,
  too_large: 413,
  unsupported_media: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
}

/** An error with an HTTP status and a JSON body `{ error: { code, message, fields? } }`. */
export class ApiError extends Error {
  readonly status: number
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message)
    this.status = STATUS[code]
  }
  toJSON() {
    return { error: { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) } }
  }
}

export const unauthorized = (m = '未登录或登录已过期') => new ApiError('unauthorized', m)
export const forbidden = (m = '当前角色无权执行此操作') => new ApiError('forbidden', m)
export const notFound = (m = '未找到') => new ApiError('not_found', m)
export const conflict = (m: string) => new ApiError('conflict', m)

export function fromZod(err: ZodError): ApiError {
  const fields: Record<string, string> = {}
  for (const issue of err.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_'
    fields[key] ??= issue.message
  }
  return new ApiError('bad_request', '请求内容不合法', fields)
}
