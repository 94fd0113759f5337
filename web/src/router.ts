import { defineAsyncComponent, shallowRef, type Component } from 'vue'

/**
 * A deliberately tiny router (no vue-router): one table of paths → page components, loaded lazily so
 * the wall's charts never weigh on the phone page. Add a page by adding a row.
 */
export interface RouteDef {
  path: string
  title: string
  component: Component
  props?: Record<string, unknown>
}

export const ROUTES: readonly RouteDef[] = [
  { path: '/', title: '璧山区网长制指挥中心', component: defineAsyncComponent(() => import('./pages/WallPage.vue')) },
  { path: '/m', title: '群网长 · Echo365', component: defineAsyncComponent(() => import('./pages/MobilePage.vue')) },
  { path: '/dept', title: '部门工作台 · Echo365', component: defineAsyncComponent(() => import('./pages/DeptPage.vue')) },
  { path: '/stats', title: '统计分析 · Echo365', component: defineAsyncComponent(() => import('./pages/StatsPage.vue')) },
  { path: '/push', title: '信息推送 · Echo365', component: defineAsyncComponent(() => import('./pages/PushPage.vue')) },
]

/** The route for a path ('/dept/' and '/dept' alike); unknown paths fall back to the wall. */
export function resolveRoute(pathname: string): RouteDef {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname
  return ROUTES.find((r) => r.path === path) ?? (ROUTES[0] as RouteDef)
}

export const currentPath = shallowRef(typeof location === 'undefined' ? '/' : location.pathname)

export function navigate(path: string): void {
  history.pushState(null, '', path)
  currentPath.value = location.pathname
}

if (typeof window !== 'undefined') {
  window.addEventListener('popstate', () => {
    currentPath.value = location.pathname
  })
}
