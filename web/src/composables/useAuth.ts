import { computed, readonly, ref } from 'vue'
import type { UserPublic } from '../../../shared/domain/types.ts'
import { ApiError, apiRequest } from '../lib/api.ts'

/**
 * Two identities live side by side on the wall: the kiosk's display token (masked data, keeps the
 * screen running, never written to storage) and an optional logged-in user (the chief), whose token
 * is kept in localStorage and used only for the detail panel and its actions.
 */

export interface Session {
  token: string
  expiresAt: string
  user: UserPublic
}

const STORAGE_KEY = 'echo365.session'
/** Roles that may log in on the wall (the chief acts; leadership only reads, unmasked). */
const WALL_ROLES = new Set(['chief', 'leadership'])

function loadSession(): Session | null {
  try {
    const raw = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY)
    if (!raw) return null
    const s = JSON.parse(raw) as Partial<Session>
    if (typeof s.token !== 'string' || typeof s.expiresAt !== 'string' || !s.user || typeof s.user.role !== 'string') return null
    if (Date.parse(s.expiresAt) <= Date.now()) return null
    return s as Session
  } catch {
    return null
  }
}

function saveSession(s: Session | null): void {
  try {
    if (s) localStorage.setItem(STORAGE_KEY, JSON.stringify(s))
    else localStorage.removeItem(STORAGE_KEY)
  } catch {
    // private mode or storage full: the session then lasts as long as the page
  }
}

const session = ref<Session | null>(loadSession())
const displayToken = ref<string | null>(null)
const displayError = ref<string | null>(null)
const urlToken = typeof location === 'undefined' ? null : new URLSearchParams(location.search).get('token')
let displayRequest: Promise<string | null> | null = null

/** Gets a fresh kiosk token (or the one in the URL, which cannot be refreshed). */
async function fetchDisplayToken(): Promise<string | null> {
  if (urlToken) {
    displayToken.value = urlToken
    return urlToken
  }
  try {
    const r = await apiRequest<{ token: string; expiresAt: string }>('GET', '/api/wall/token')
    displayToken.value = r.token
    displayError.value = null
    return r.token
  } catch (err) {
    displayError.value = err instanceof ApiError ? err.message : '无法获取大屏令牌'
    return null
  }
}

function refreshDisplayToken(): Promise<string | null> {
  displayRequest ??= fetchDisplayToken().finally(() => {
    displayRequest = null
  })
  return displayRequest
}

/** A display token the page arrived with (the wall's inlined boot data). */
function adoptDisplayToken(token: string): void {
  displayToken.value = token
  displayError.value = null
}

async function ensureDisplayToken(): Promise<string | null> {
  return displayToken.value ?? refreshDisplayToken()
}

async function login(username: string, password: string): Promise<Session> {
  const r = await apiRequest<Session>('POST', '/api/auth/login', { body: { username, password } })
  if (!WALL_ROLES.has(r.user.role)) {
    // do not keep a token the wall cannot use; revoke it right away
    void apiRequest('POST', '/api/auth/logout', { token: r.token, body: {} }).catch(() => undefined)
    throw new ApiError(403, 'forbidden', '该账号不能在指挥大屏登录（仅总网长、领导）')
  }
  session.value = r
  saveSession(r)
  return r
}

function clearSession(): void {
  session.value = null
  saveSession(null)
}

async function logout(): Promise<void> {
  const s = session.value
  clearSession()
  if (s) await apiRequest('POST', '/api/auth/logout', { token: s.token, body: {} }).catch(() => undefined)
}

/** Checks a stored session with the server (a revoked or expired token is dropped). */
async function validateSession(): Promise<void> {
  const s = session.value
  if (!s) return
  try {
    await apiRequest('GET', '/api/auth/me', { token: s.token })
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) clearSession()
  }
}

const activeSession = computed(() => {
  const s = session.value
  return s && Date.parse(s.expiresAt) > Date.now() ? s : null
})

export function useAuth() {
  return {
    session: activeSession,
    displayToken: readonly(displayToken),
    displayError: readonly(displayError),
    usesUrlToken: Boolean(urlToken),
    /** the token to read details with: the logged-in user's when there is one (unmasked) */
    viewerToken: computed(() => activeSession.value?.token ?? displayToken.value),
    ensureDisplayToken,
    refreshDisplayToken,
    adoptDisplayToken,
    login,
    logout,
    clearSession,
    validateSession,
  }
}
