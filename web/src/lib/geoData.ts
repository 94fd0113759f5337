import { apiRequest } from './api.ts'

export interface GeoFeatureCollection {
  type: 'FeatureCollection'
  features: { type: 'Feature'; properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[]
}

export interface GeoPayload {
  outline: GeoFeatureCollection
  towns: GeoFeatureCollection | null
  note: string
}

let request: Promise<GeoPayload> | null = null

/**
 * The district outline and the schematic town areas, fetched once per page. main.ts starts it
 * before the wall's chunk has even loaded, so the map does not wait for it.
 */
export function fetchGeo(): Promise<GeoPayload> {
  request ??= apiRequest<GeoPayload>('GET', '/api/geo/bishan').catch((err: unknown) => {
    request = null
    throw err
  })
  return request
}
