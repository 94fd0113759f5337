import * as echarts from 'echarts/core'
import { BarChart, EffectScatterChart, LineChart, MapChart, PieChart, ScatterChart } from 'echarts/charts'
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

// Only what the wall draws: keeps the bundle small (tree-shaken echarts/core).
echarts.use([
  BarChart, LineChart, PieChart, MapChart, EffectScatterChart, ScatterChart,
  GridComponent, TooltipComponent, LegendComponent, GeoComponent, VisualMapContinuousComponent,
  CanvasRenderer,
])

export { echarts }
export type { ECharts, EChartsCoreOption } from 'echarts/core'
