import * as echarts from 'echarts/core'
import { BarChart, EffectScatterChart, LineChart, MapChart, ScatterChart } from 'echarts/charts'
import { GeoComponent, GridComponent, LegendComponent, TooltipComponent, VisualMapContinuousComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

// Only what the pages draw (the wall: line, map, ripples; /stats also bars): tree-shaken echarts/core.
echarts.use([
  BarChart, LineChart, MapChart, EffectScatterChart, ScatterChart,
  GridComponent, TooltipComponent, LegendComponent, GeoComponent, VisualMapContinuousComponent,
  CanvasRenderer,
])

export { echarts }
export type { ECharts, EChartsCoreOption } from 'echarts/core'
