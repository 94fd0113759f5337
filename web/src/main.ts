import { createApp } from 'vue'
import App from './App.vue'
import { useAuth } from './composables/useAuth.ts'
import { fetchGeo } from './lib/geoData.ts'
import { startLiveConnection } from './lib/liveConnection.ts'
import { resolveRoute } from './router.ts'
import './styles/base.css'

// the wall's first render waits on its token, its snapshot and the map: ask for all of them while
// its chunk is still loading
if (resolveRoute(location.pathname).path === '/') {
  startLiveConnection(useAuth().ensureDisplayToken)
  void fetchGeo().catch(() => undefined)
}

createApp(App).mount('#app')
