import { ApiError, apiRequest } from '../../lib/api.ts'

/**
 * Token callbacks for useSocket with a user's token. A user token cannot be refreshed, so "refresh"
 * means: ask the server whether it is still good. Only a 401 ends the session; anything else
 * (the server restarting, a flaky network) keeps it and lets the socket retry.
 */
export function userSocketAuth(token: string, expire: () => void) {
  return {
    getToken: async (): Promise<string | null> => token,
    refreshToken: async (): Promise<string | null> => {
      try {
        await apiRequest('GET', '/api/auth/me', { token })
        return token
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) {
          expire()
          return null
        }
        return token
      }
    },
  }
}
