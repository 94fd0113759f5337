/** The wall is designed at 1920×1080 and laid out at real pixel size for any screen (no CSS transform). */
export const DESIGN_WIDTH = 1920
export const DESIGN_HEIGHT = 1080

export interface StageBox {
  /** CSS pixels per design pixel */
  s: number
  width: number
  height: number
  left: number
  top: number
}

/** Fits the design box into the viewport keeping proportions; the rest is letterbox. */
export function fitStage(viewportWidth: number, viewportHeight: number): StageBox {
  const w = Math.max(1, viewportWidth)
  const h = Math.max(1, viewportHeight)
  const s = Math.min(w / DESIGN_WIDTH, h / DESIGN_HEIGHT)
  // floor: a stage one sub-pixel too large would bring back the scrollbars
  const width = Math.floor(DESIGN_WIDTH * s)
  const height = Math.floor(DESIGN_HEIGHT * s)
  return { s, width, height, left: Math.floor((w - width) / 2), top: Math.floor((h - height) / 2) }
}
