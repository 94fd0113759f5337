import type { MediaRef } from '../../../../shared/domain/types.ts'
import { ApiError, toApiError } from '../../lib/api.ts'

export type MediaKind = MediaRef['kind']

export interface UploadHandle {
  promise: Promise<MediaRef>
  abort: () => void
}

/**
 * POST /api/media with XMLHttpRequest, the one browser API that reports upload progress
 * (fetch cannot). The server decides the type from the bytes; the declared type only tells a voice
 * note (audio/webm) from a video in the same container.
 */
export function uploadMedia(file: Blob, filename: string, token: string, onProgress: (fraction: number) => void): UploadHandle {
  const xhr = new XMLHttpRequest()
  const promise = new Promise<MediaRef>((resolve, reject) => {
    xhr.open('POST', '/api/media')
    xhr.setRequestHeader('Authorization', `Bearer ${token}`)
    xhr.setRequestHeader('Accept', 'application/json')
    xhr.responseType = 'text'
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && e.total > 0) onProgress(Math.min(1, e.loaded / e.total))
    }
    xhr.onload = () => {
      let body: unknown
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null
      } catch {
        body = null
      }
      const media = (body as { media?: MediaRef } | null)?.media
      if (xhr.status >= 200 && xhr.status < 300 && media) {
        onProgress(1)
        resolve(media)
      } else reject(toApiError(xhr.status, body))
    }
    xhr.onerror = () => reject(new ApiError(0, 'network', '网络异常，上传失败'))
    xhr.ontimeout = () => reject(new ApiError(0, 'network', '上传超时'))
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'))
    const form = new FormData()
    form.append('file', file, filename)
    xhr.send(form)
  })
  return { promise, abort: () => xhr.abort() }
}

/** The kind of a picked file by its declared type, else by the input it came from. */
export function kindOf(file: { type: string }, fallback: MediaKind): MediaKind {
  if (file.type.startsWith('image/')) return 'image'
  if (file.type.startsWith('audio/')) return 'audio'
  if (file.type.startsWith('video/')) return 'video'
  return fallback
}

/** '1.2 MB' / '340 KB'. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '—'
  if (bytes >= 1024 * 1024) return `${(bytes / 1024 / 1024).toFixed(1)} MB`
  return `${Math.max(1, Math.round(bytes / 1024))} KB`
}
