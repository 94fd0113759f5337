import { apiRequest, type RequestOptions } from '../lib/api.ts'

/** Thin typed helpers over the REST API (see lib/api.ts for the error shape). */
export function useApi() {
  return {
    get: <T>(url: string, opts: RequestOptions = {}) => apiRequest<T>('GET', url, opts),
    post: <T>(url: string, body: unknown, opts: RequestOptions = {}) => apiRequest<T>('POST', url, { ...opts, body }),
  }
}
export { ApiError, mediaUrl } from '../lib/api.ts'
