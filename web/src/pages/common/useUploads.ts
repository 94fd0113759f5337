import { computed, onBeforeUnmount, reactive } from 'vue'
import type { MediaRef } from '../../../../shared/domain/types.ts'
import { errorView } from '../../lib/errorView.ts'
import { kindOf, uploadMedia, type MediaKind, type UploadHandle } from './upload.ts'

export interface UploadItem {
  key: string
  file: File
  kind: MediaKind
  /** object URL for an image thumbnail */
  preview: string | null
  progress: number
  state: 'uploading' | 'done' | 'error'
  error: string | null
  media: MediaRef | null
}

export interface UploadsOptions {
  /** at most this many attachments (the server takes 9 per case) */
  max?: number
  /** the server refused the token */
  onExpired?: () => void
}

let counter = 0

/**
 * Attachments of a draft: each file starts uploading as soon as it is picked (so the report itself
 * is quick to send), shows its progress, and can be retried or removed when it failed.
 */
export function useUploads(token: () => string | null, opts: UploadsOptions = {}) {
  const max = opts.max ?? 9
  const items = reactive<UploadItem[]>([])
  const handles = new Map<string, UploadHandle>()

  const start = (item: UploadItem) => {
    const t = token()
    const live = () => items.find((i) => i.key === item.key)
    if (!t) {
      item.state = 'error'
      item.error = '登录已失效'
      return
    }
    item.state = 'uploading'
    item.error = null
    item.progress = 0
    const h = uploadMedia(item.file, item.file.name || `${item.kind}`, t, (p) => {
      const cur = live()
      if (cur) cur.progress = p
    })
    handles.set(item.key, h)
    h.promise.then(
      (media) => {
        const cur = live()
        if (!cur) return
        cur.media = media
        cur.state = 'done'
      },
      (err: unknown) => {
        const cur = live()
        if (!cur || (err as { name?: string }).name === 'AbortError') return
        const v = errorView(err, '上传失败')
        if (v.status === 401) opts.onExpired?.()
        cur.state = 'error'
        cur.error = v.message
      },
    ).finally(() => handles.delete(item.key))
  }

  /** Adds picked files; returns how many were left out over the limit. */
  const add = (files: Iterable<File>, fallback: MediaKind): number => {
    let skipped = 0
    for (const file of files) {
      if (items.length >= max) {
        skipped++
        continue
      }
      const kind = kindOf(file, fallback)
      items.push({
        key: `u${++counter}`,
        file,
        kind,
        preview: kind === 'image' ? URL.createObjectURL(file) : null,
        progress: 0,
        state: 'uploading',
        error: null,
        media: null,
      })
      const added = items[items.length - 1]
      if (added) start(added)
    }
    return skipped
  }

  const retry = (key: string) => {
    const item = items.find((i) => i.key === key)
    if (item && item.state === 'error') start(item)
  }

  const remove = (key: string) => {
    const i = items.findIndex((x) => x.key === key)
    if (i < 0) return
    handles.get(key)?.abort()
    const [gone] = items.splice(i, 1)
    if (gone?.preview) URL.revokeObjectURL(gone.preview)
  }

  const clear = () => {
    for (const key of items.map((i) => i.key)) remove(key)
  }

  onBeforeUnmount(clear)

  return {
    items,
    add,
    retry,
    remove,
    clear,
    uploading: computed(() => items.some((i) => i.state === 'uploading')),
    failed: computed(() => items.filter((i) => i.state === 'error').length),
    mediaIds: computed(() => items.flatMap((i) => (i.state === 'done' && i.media ? [i.media.id] : []))),
    count: (kind: MediaKind) => items.filter((i) => i.kind === kind).length,
  }
}

export type Uploads = ReturnType<typeof useUploads>
