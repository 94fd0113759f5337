import type { NextFunction, Request, Response } from 'express'
import type { Role } from '../../shared/domain/types.ts'
import type { TokenSigner } from '../auth/tokens.ts'
import type { Directory } from '../services/directory.ts'
import type { Store, UserRecord } from '../store/types.ts'
import { forbidden, unauthorized } from './errors.ts'

declare module 'express-serve-static-core' {
  interface Request {
    user?: UserRecord
    jti?: string
  }
}

/** Bearer-token authentication shared by HTTP and Socket.IO. */
export class Auth {
  constructor(
    private readonly signer: TokenSigner,
    private readonly directory: Directory,
    private readonly store: Store,
  ) {}

  async login(username: string, password: string) {
    const user = await this.directory.authenticate(username, password)
    if (!user) return null
    const { token, claims } = this.signer.issue(user.id, user.role)
    return { token, expiresAt: new Date(claims.exp).toISOString(), user: this.directory.publicUser(user) }
  }

  issueDisplayToken() {
    const user = this.directory.findUser('display')
    if (!user) return null
    const { token, claims } = this.signer.issue(user.id, 'display')
    return { token, expiresAt: new Date(claims.exp).toISOString() }
  }

  #resolve(token: string): { user: UserRecord; jti: string } | null {
    const claims = this.signer.verify(token)
    if (!claims || this.store.isRevoked(claims.jti)) return null
    const user = this.directory.userById(claims.sub)
    if (!user || user.role !== claims.role) return null
    return { user, jti: claims.jti }
  }

  userForToken(token: string): UserRecord | null {
    return this.#resolve(token)?.user ?? null
  }

  async revoke(token: string): Promise<void> {
    const claims = this.signer.verify(token)
    if (claims) await this.store.revoke(claims.jti, claims.exp)
  }

  /** 401 without a valid token. */
  required = (req: Request, _res: Response, next: NextFunction) => {
    const header = req.headers.authorization ?? ''
    const token = header.startsWith('Bearer ') ? header.slice(7).trim() : ''
    const found = token ? this.#resolve(token) : null
    if (!found) return next(unauthorized())
    req.user = found.user
    req.jti = found.jti
    next()
  }
}

/** 403 unless the caller has one of the roles. Use after `auth.required`. */
export function allow(...roles: Role[]) {
  return (req: Request, _res: Response, next: NextFunction) => {
    if (!req.user) return next(unauthorized())
    if (!roles.includes(req.user.role)) return next(forbidden())
    next()
  }
}

export function currentUser(req: Request): UserRecord {
  if (!req.user) throw unauthorized()
  return req.user
}
