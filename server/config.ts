import { z } from 'zod'
import path from 'node:path'

const onOff = z.enum(['on', 'off']).default('on')

const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATA_DIR: z.string().min(1).default('data'),
  DEMO: onOff,
  DEMO_FEED: onOff,
  DEMO_PASSWORD: z.string().min(4, 'DEMO_PASSWORD must have at least 4 characters').default('echo365'),
  /** demo reports per minute */
  DEMO_RATE: z.coerce.number().min(0.1).max(600).default(6),
  /** token lifetime in hours */
  TOKEN_TTL_HOURS: z.coerce.number().min(0.01).max(24 * 90).default(12),
  /** API requests per minute per client, or "off" */
  RATE_LIMIT: z.union([z.literal('off'), z.coerce.number().int().min(1)]).default(600),
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).default(20),
  WALL_KIOSK: onOff,
  AUTO_DISPATCH: z.enum(['on', 'off']).default('off'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** max upload size in MB */
  MEDIA_MAX_MB: z.coerce.number().min(0.1).max(500).default(20),
  /** overdue scan period in seconds */
  SCAN_SECONDS: z.coerce.number().min(0.05).max(3600).default(30),
  GROUP_WEBHOOK_URL: z.string().url().optional(),
  GROUP_WEBHOOK_FORMAT: z.enum(['json', 'wecom']).default('json'),
})

export type Config = z.infer<typeof schema> & { dataDir: string; demo: boolean; demoFeed: boolean }

/** Reads and validates the environment; throws one clear message listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''))
  const parsed = schema.safeParse(input)
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message} (got ${JSON.stringify(env[String(i.path[0])])})`)
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`)
  }
  const c = parsed.data
  const demo = c.DEMO === 'on'
  return { ...c, dataDir: path.resolve(c.DATA_DIR), demo, demoFeed: demo && c.DEMO_FEED === 'on' }
}
