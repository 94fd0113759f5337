import * as echarts from 'echarts/core'
import { LineChart } from 'echarts/charts'
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components'
import { CanvasRenderer } from 'echarts/renderers'

// Tree-shaken echarts/core with what the wall draws (its hourly trend; the map is SVG). Pages that
// need more register it in their own chunk: /stats its bars, /m's point picker the geo and scatter.
echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer])

export { echarts }
export type { ECharts, EChartsCoreOption } from 'echarts/core'
