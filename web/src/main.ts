import { createApp } from 'vue'
import App from './App.vue'
import { useAuth } from './composables/useAuth.ts'
import { takeWallBoot } from './lib/boot.ts'
import { wallChartFonts, warmCanvasFonts } from './lib/chartFonts.ts'
import { fetchGeo, seedGeo } from './lib/geoData.ts'
import { startWallConnection } from './lib/liveConnection.ts'
import { fitStage } from './lib/scale.ts'
import { resolveRoute } from './router.ts'
import './styles/base.css'

// the wall's first render waits on its token, its snapshot and the map: take what the page brought
// (kiosk mode) and ask for the rest while the wall's chunk is still loading
if (resolveRoute(location.pathname).path === '/') {
  const auth = useAuth()
  const boot = auth.usesUrlToken ? null : takeWallBoot()
  if (boot) {
    auth.adoptDisplayToken(boot.token)
    seedGeo(boot.geo)
  } else void fetchGeo().catch(() => undefined)
  startWallConnection(auth.ensureDisplayToken, boot?.snapshot)
  // while the chart code downloads, the main thread is idle: spend it on the charts' fonts
  setTimeout(() => warmCanvasFonts(wallChartFonts(fitStage(window.innerWidth, window.innerHeight).s)), 0)
}

createApp(App).mount('#app')
