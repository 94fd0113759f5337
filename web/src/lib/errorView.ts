import { ApiError } from './api.ts'

/** Chinese names of request fields, for the field errors the server returns with a 400. */
const FIELD_LABELS: Record<string, string> = {
  username: '用户名', password: '密码', content: '内容', title: '标题', townCode: '镇街', communityCode: '村居',
  gridId: '网格', location: '位置', mediaIds: '附件', reason: '原因', url: '链接', scope: '推送范围', file: '文件',
  contacted: '是否联系', solved: '是否解决', satisfaction: '满意度', expectedVersion: '版本', from: '开始日期', to: '结束日期',
  departmentId: '承办部门', note: '说明', intoId: '主案编号',
}

export interface ErrorView {
  message: string
  fields: [string, string][]
  /** the request never reached the server (retrying is safe with the same idempotency key) */
  network: boolean
  status: number
}

/** Turns anything thrown by a request into what the page shows. */
export function errorView(err: unknown, fallback = '操作失败，请重试'): ErrorView {
  if (err instanceof ApiError) {
    return {
      message: err.message,
      fields: Object.entries(err.fields).map(([k, v]) => [FIELD_LABELS[k.split('.')[0] ?? k] ?? k, v]),
      network: err.status === 0,
      status: err.status,
    }
  }
  return { message: fallback, fields: [], network: false, status: -1 }
}
