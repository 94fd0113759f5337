import { computed, ref, type ComputedRef, type Ref } from 'vue'
import type { Role } from '../../../../shared/domain/types.ts'
import { useAuth, type Session } from '../../composables/useAuth.ts'
import { ApiError, apiRequest } from '../../lib/api.ts'
import { ROLE_LABELS } from './roles.ts'

export type { Session }

/**
 * The logged-in user of a role page. The chief and leadership share the wall's session (same
 * storage, same state), so logging in on the wall carries over to /push and /stats and back.
 * Department and group-leader pages keep their own sessions: their tokens must never reach the
 * wall, which would read cases with them.
 */
export interface PageSession {
  session: ComputedRef<Session | null>
  login: (username: string, password: string) => Promise<Session>
  logout: () => Promise<void>
  /** the server refused the token (expired or revoked): forget it, the page shows the login */
  expire: () => void
  /** checks a stored session with the server once */
  validate: () => Promise<void>
}

export type SessionKind = 'command' | 'dept' | 'reporter'

const KIND_ROLES: Record<SessionKind, readonly Role[]> = {
  command: ['chief', 'leadership'],
  dept: ['dept'],
  reporter: ['reporter'],
}

/** Storage keys of the pages' own sessions (the command pages use the wall's). */
export const SESSION_KEYS = { dept: 'echo365.session.dept', reporter: 'echo365.session.m' } as const

export function isSession(v: unknown, now = Date.now()): v is Session {
  if (!v || typeof v !== 'object') return false
  const s = v as Partial<Session>
  return typeof s.token === 'string' && typeof s.expiresAt === 'string' && Date.parse(s.expiresAt) > now &&
    !!s.user && typeof s.user.role === 'string' && typeof s.user.name === 'string'
}

function load(key: string, roles: readonly Role[]): Session | null {
  try {
    const raw = localStorage.getItem(key)
    const s: unknown = raw ? JSON.parse(raw) : null
    return isSession(s) && roles.includes(s.user.role) ? s : null
  } catch {
    return null
  }
}

function store(key: string, s: Session | null): void {
  try {
    if (s) localStorage.setItem(key, JSON.stringify(s))
    else localStorage.removeItem(key)
  } catch {
    // private mode or storage full: the session lasts as long as the page
  }
}

const revoke = (token: string) => apiRequest('POST', '/api/auth/logout', { token, body: {} }).catch(() => undefined)

/** Rejects (and revokes) a token of a role the page is not for. */
async function checkRole(s: Session, allowed: readonly Role[], pageName: string): Promise<void> {
  if (allowed.includes(s.user.role)) return
  await revoke(s.token)
  throw new ApiError(403, 'forbidden', `${ROLE_LABELS[s.user.role]}账号不能登录${pageName}`)
}

const own = new Map<string, Ref<Session | null>>()

function ownSession(kind: 'dept' | 'reporter', pageName: string): PageSession {
  const key = SESSION_KEYS[kind]
  const roles = KIND_ROLES[kind]
  let state = own.get(key)
  if (!state) {
    state = ref(typeof localStorage === 'undefined' ? null : load(key, roles))
    own.set(key, state)
  }
  const s = state
  const set = (v: Session | null) => {
    s.value = v
    store(key, v)
  }
  return {
    session: computed(() => (s.value && Date.parse(s.value.expiresAt) > Date.now() ? s.value : null)),
    async login(username, password) {
      const r = await apiRequest<Session>('POST', '/api/auth/login', { body: { username, password } })
      await checkRole(r, roles, pageName)
      set(r)
      return r
    },
    async logout() {
      const cur = s.value
      set(null)
      if (cur) await revoke(cur.token)
    },
    expire: () => set(null),
    async validate() {
      const cur = s.value
      if (!cur) return
      try {
        await apiRequest('GET', '/api/auth/me', { token: cur.token })
      } catch (err) {
        if (err instanceof ApiError && err.status === 401 && s.value === cur) set(null)
      }
    },
  }
}

function commandSession(allowed: readonly Role[], pageName: string): PageSession {
  const auth = useAuth()
  return {
    session: auth.session,
    async login(username, password) {
      let s: Session
      try {
        s = await auth.login(username, password)
      } catch (err) {
        // the wall's wording names the wall; say which page instead
        if (err instanceof ApiError && err.status === 403) throw new ApiError(403, 'forbidden', `该账号不能登录${pageName}`)
        throw err
      }
      if (!allowed.includes(s.user.role)) {
        await auth.logout()
        throw new ApiError(403, 'forbidden', `${ROLE_LABELS[s.user.role]}账号不能使用${pageName}`)
      }
      return s
    },
    logout: () => auth.logout(),
    expire: () => auth.clearSession(),
    validate: () => auth.validateSession(),
  }
}

/**
 * The session of a role page. `roles` narrows who may use the page (e.g. /push: the chief only);
 * a stored session of another role is shown as "no access" by the page, not silently dropped,
 * since for the command pages it is also the wall's.
 */
export function usePageSession(kind: SessionKind, pageName: string, roles: readonly Role[] = KIND_ROLES[kind]): PageSession {
  return kind === 'command' ? commandSession(roles, pageName) : ownSession(kind, pageName)
}
