/** The map of Bishan as served by GET /api/geo/bishan (and inlined into the wall's page). */
export interface GeoFeatureCollection {
  type: 'FeatureCollection'
  features: { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[]
}

export interface GeoPayload {
  outline: GeoFeatureCollection
  /** the schematic town areas; null when they were not built */
  towns: GeoFeatureCollection | null
  note: string
}
