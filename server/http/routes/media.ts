import { Router } from 'express'
import multer from 'multer'
import { fileTypeFromBuffer } from 'file-type'
import { randomBytes } from 'node:crypto'
import { createReadStream } from 'node:fs'
import { writeFileDurably } from '../../store/durableFs.ts'
import path from 'node:path'
import type { AppContext } from '../../context.ts'
import { allow, currentUser } from '../auth.ts'
import { ApiError, notFound, unauthorized } from '../errors.ts'

/** Types accepted, decided by the file's bytes, never by its name or the client's header. */
const ALLOWED: Record<string, 'image' | 'audio' | 'video'> = {
  'image/jpeg': 'image', 'image/png': 'image', 'image/webp': 'image', 'image/gif': 'image', 'image/heic': 'image',
  'audio/mpeg': 'audio', 'audio/wav': 'audio', 'audio/x-wav': 'audio', 'audio/ogg': 'audio', 'audio/aac': 'audio',
  'audio/amr': 'audio', 'audio/x-m4a': 'audio', 'audio/mp4': 'audio', 'audio/webm': 'audio', 'audio/opus': 'audio',
  'video/mp4': 'video', 'video/quicktime': 'video', 'video/webm': 'video',
}

export function mediaRoutes(ctx: AppContext): Router {
  const r = Router()
  const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: Math.floor(ctx.config.MEDIA_MAX_MB * 1024 * 1024), files: 1 } })

  r.post('/media', ctx.auth.required, allow('reporter', 'dept', 'chief'), (req, res, next) => {
    upload.single('file')(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) {
        return next(err.code === 'LIMIT_FILE_SIZE'
          ? new ApiError('too_large', `文件不能超过 ${ctx.config.MEDIA_MAX_MB} MB`)
          : new ApiError('bad_request', '上传格式不正确', { file: err.message }))
      }
      if (err) return next(err)
      next()
    })
  }, async (req, res) => {
    const file = req.file
    if (!file) throw new ApiError('bad_request', '请求内容不合法', { file: '请选择文件（字段名 file）' })
    const detected = await fileTypeFromBuffer(file.buffer)
    let mime = detected?.mime as string | undefined
    // a WebM with only an audio track is a voice note recorded in the browser
    if (mime === 'video/webm' && /^audio\//.test(file.mimetype)) mime = 'audio/webm'
    const kind = mime ? ALLOWED[mime] : undefined
    if (!mime || !kind) throw new ApiError('unsupported_media', `不支持的文件类型${detected ? `（${detected.mime}）` : ''}，仅支持图片、音频、视频`)
    const id = randomBytes(16).toString('base64url')
    const name = `${id}.${detected?.ext ?? 'bin'}`
    await writeFileDurably(path.join(ctx.store.mediaDir, name), file.buffer)
    const record = { id, kind, mime, size: file.size, file: name, uploadedBy: currentUser(req).id, at: new Date().toISOString() }
    await ctx.store.putMedia(record)
    res.status(201).json({ media: { id, kind, mime, size: file.size, url: `/api/media/${id}` } })
  })

  /** Media needs a token too; <img>/<audio> tags cannot send headers, so `?token=` is accepted. */
  r.get('/media/:id', async (req, res) => {
    const header = req.headers.authorization ?? ''
    const token = header.startsWith('Bearer ') ? header.slice(7) : typeof req.query.token === 'string' ? req.query.token : ''
    if (!token || !ctx.auth.userForToken(token)) throw unauthorized()
    const m = await ctx.store.getMedia(String(req.params.id))
    if (!m) throw notFound('附件不存在')
    res.setHeader('Content-Type', m.mime)
    res.setHeader('Cache-Control', 'private, max-age=86400')
    res.setHeader('X-Content-Type-Options', 'nosniff')
    createReadStream(path.join(ctx.store.mediaDir, m.file)).on('error', () => res.status(404).end()).pipe(res)
  })
  return r
}
