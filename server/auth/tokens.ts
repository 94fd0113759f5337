import { createHmac, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import type { Role } from '../../shared/domain/types.ts'

export interface TokenClaims {
  sub: string
  role: Role
  jti: string
  /** expiry, ms since epoch */
  exp: number
}

/** HMAC-signed bearer tokens. The key lives in DATA_DIR (created on first start, never committed). */
export class TokenSigner {
  constructor(private readonly key: Buffer, private readonly ttlMs: number) {}

  static async fromDataDir(dataDir: string, ttlMs: number): Promise<TokenSigner> {
    const file = path.join(dataDir, 'secret.key')
    let key: Buffer
    try {
      key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64')
    } catch {
      key = randomBytes(32)
      await mkdir(dataDir, { recursive: true })
      await writeFile(file, key.toString('base64'), { mode: 0o600 })
    }
    return new TokenSigner(key, ttlMs)
  }

  issue(sub: string, role: Role, ttlMs = this.ttlMs): { token: string; claims: TokenClaims } {
    const claims: TokenClaims = { sub, role, jti: randomUUID(), exp: Date.now() + ttlMs }
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url')
    return { token: `${body}.${this.#sign(body)}`, claims }
  }

  /** The claims of a well-formed, correctly signed, unexpired token; otherwise null. */
  verify(token: string): TokenClaims | null {
    const [body, sig] = token.split('.')
    if (!body || !sig) return null
    const expected = Buffer.from(this.#sign(body))
    const given = Buffer.from(sig)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as TokenClaims
      return typeof claims.exp === 'number' && claims.exp > Date.now() ? claims : null
    } catch {
      return null
    }
  }

  #sign(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url')
  }
}
