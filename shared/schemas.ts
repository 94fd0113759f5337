import { z } from 'zod'
import { GROUP_TYPES, SATISFACTIONS, TICKET_STATUSES } from './domain/types.ts'
import { TOWNS } from './domain/taxonomy.ts'

/** Longest free text accepted anywhere (report content, reply, reasons). */
export const MAX_TEXT = 5000

const text = (max = MAX_TEXT) => z.string().trim().min(1, '不能为空').max(max, `不能超过 ${max} 字`)
const id = z.string().trim().min(1).max(64)
const expectedVersion = z.number().int().nonnegative().optional()

export const loginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
})

export const pointSchema = z.object({
  lng: z.number().min(-180).max(180),
  lat: z.number().min(-90).max(90),
})

export const reportSchema = z.object({
  content: text(),
  title: z.string().trim().max(100).optional(),
  townCode: z.string().regex(/^\d{9}$/, '镇街代码为 9 位数字').optional(),
  communityCode: z.string().regex(/^\d{12}$/, '村居代码为 12 位数字').optional(),
  gridId: z.string().max(64).optional(),
  location: pointSchema.optional(),
  contact: z.string().trim().max(100).optional(),
  mediaIds: z.array(id).max(9).optional(),
  idempotencyKey: z.string().trim().min(8).max(128).optional(),
  /** the chief may file on behalf of a group (e.g. a phone call); reporters always file for their own */
  groupId: z.string().max(64).optional(),
}).strict()

export const actionSchemas = {
  dispatch: z.object({ departmentId: id, note: z.string().trim().max(MAX_TEXT).optional(), expectedVersion }).strict(),
  accept: z.object({ note: z.string().trim().max(MAX_TEXT).optional(), expectedVersion }).strict(),
  return: z.object({ reason: text(), expectedVersion }).strict(),
  reply: z.object({ content: text(), mediaIds: z.array(id).max(9).optional(), expectedVersion }).strict(),
  close: z.object({
    contacted: z.boolean(),
    solved: z.boolean(),
    satisfaction: z.enum(SATISFACTIONS),
    note: z.string().trim().max(MAX_TEXT).optional(),
    expectedVersion,
  }).strict(),
  reopen: z.object({ reason: text(), expectedVersion }).strict(),
  supervise: z.object({ note: text(), expectedVersion }).strict(),
  merge: z.object({ intoId: id, expectedVersion }).strict(),
  invalidate: z.object({ reason: text(), expectedVersion }).strict(),
} as const

export type ActionBodies = { [K in keyof typeof actionSchemas]: z.infer<(typeof actionSchemas)[K]> }

const limit = z.coerce.number().int().min(1).max(500).default(50)
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式为 YYYY-MM-DD')
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), '不是有效日期')

export const ticketListQuery = z.object({
  status: z.union([z.enum(TICKET_STATUSES), z.literal('open'), z.literal('overdue')]).optional(),
  level1: z.string().max(32).optional(),
  level2: z.string().max(32).optional(),
  category: z.string().max(32).optional(),
  townCode: z.string().max(16).optional(),
  town: z.string().max(16).optional(),
  departmentId: z.string().max(64).optional(),
  department: z.string().max(64).optional(),
  q: z.string().max(100).optional(),
  text: z.string().max(100).optional(),
  month: z.string().regex(/^\d{4}-\d{2}$/).optional(),
  limit,
  cursor: z.string().max(200).optional(),
})

export const statsQuery = z.object({ from: date.optional(), to: date.optional() })

export const groupListQuery = z.object({
  townCode: z.string().max(16).optional(),
  town: z.string().max(16).optional(),
  type: z.enum(GROUP_TYPES).optional(),
  limit,
  cursor: z.string().max(200).optional(),
})

export type ReportBody = z.infer<typeof reportSchema>

const httpUrl = z.string().trim().max(500).url('不是有效的网址').refine((u) => /^https?:\/\//i.test(u), '仅支持 http(s) 网址')

export const broadcastSchema = z.object({
  title: text(100),
  content: text(),
  url: httpUrl.optional(),
  scope: z.object({
    townCodes: z.array(z.string().refine((c) => TOWNS.some((t) => t.code === c), '未知镇街')).max(15).optional(),
    groupTypes: z.array(z.enum(GROUP_TYPES)).max(GROUP_TYPES.length).optional(),
  }).strict().optional(),
}).strict()

export const webhookSchema = z.object({
  url: httpUrl.nullable(),
  format: z.enum(['json', 'wecom']).default('json'),
}).strict()

export const exportQuery = z.object({
  format: z.enum(['xlsx', 'csv']).default('xlsx'),
  from: date.optional(),
  to: date.optional(),
})

export const classifySchema = z.object({
  text: text(),
  townCode: z.string().refine((c) => TOWNS.some((t) => t.code === c), '未知镇街').optional(),
}).strict()

export const gridQuery = z.object({
  communityCode: z.string().regex(/^\d{12}$/).optional(),
  townCode: z.string().regex(/^\d{9}$/).optional(),
}).refine((q) => q.communityCode || q.townCode, '需指定 communityCode 或 townCode')
