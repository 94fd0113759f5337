import { fileURLToPath } from 'node:url'
import { loadConfig } from './config.ts'
import { createLogger } from './logger.ts'
import { startServer } from './server.ts'

const webDir = fileURLToPath(new URL('../dist/web', import.meta.url))

async function main(): Promise<void> {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    console.error((err as Error).message)
    process.exit(2)
  }
  const logger = createLogger(config.LOG_LEVEL)
  let server
  try {
    server = await startServer(config, { logger, webDir })
  } catch (err) {
    logger.fatal({ err }, `Echo365 could not start: ${(err as Error).message}`)
    process.exit(1)
  }
  console.log(`\n  Echo365 指挥中心: http://localhost:${server.port}/  (demo ${config.demo ? 'on' : 'off'})\n`)
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down: finishing in-flight writes')
    server.close().then(() => process.exit(0), (err: unknown) => {
      logger.error({ err }, 'shutdown failed')
      process.exit(1)
    })
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
}

void main()
