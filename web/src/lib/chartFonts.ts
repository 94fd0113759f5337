/**
 * The fonts of the wall's charts, kept apart from the chart options so the page can warm them up
 * before ECharts has even loaded.
 */

/** The DOM's font stack, so canvas text matches it (and no second CJK face is loaded). */
export const TEXT_FONT = "'Noto Sans CJK SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', 'WenQuanYi Micro Hei', sans-serif"

export const NUMERIC_FONT = "'DIN Alternate', 'Bahnschrift', 'Roboto Condensed', 'DejaVu Sans Condensed', 'Noto Sans CJK SC', sans-serif"

/** Text sizes of the chart texts at design size (1920×1080). */
export const CHART_TEXT = { axis: 14, legend: 15, tooltip: 15 } as const

/** A design size at screen scale `s`, to a tenth of a pixel. */
export const px = (n: number, s: number) => Math.round(n * s * 10) / 10

/** Every canvas font the wall's trend chart draws with at scale `s` (ECharts measures some texts at its default 12px). */
export function wallChartFonts(s: number): string[] {
  return [
    `${px(CHART_TEXT.axis, s)}px ${TEXT_FONT}`,
    `${px(CHART_TEXT.legend, s)}px ${TEXT_FONT}`,
    `${px(CHART_TEXT.axis, s)}px ${NUMERIC_FONT}`,
    `12px ${TEXT_FONT}`,
  ]
}

/**
 * Chromium spends 10–40 ms on the first CJK text measured in each font size (fallback and glyph
 * lookup in a large CJK face), and ECharts measures every label inside its first, synchronous
 * render. Measuring once per font while the page still waits for the chart code takes that off the
 * path to the first full frame.
 */
export function warmCanvasFonts(fonts: string[]): void {
  const ctx = document.createElement('canvas').getContext('2d')
  if (!ctx) return
  for (const font of fonts) {
    ctx.font = font
    ctx.measureText('璧山区诉求0a')
  }
}
