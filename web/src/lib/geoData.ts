import { apiRequest } from './api.ts'

import type { GeoPayload } from '../../../shared/geo/payload.ts'

export type { GeoFeatureCollection, GeoPayload } from '../../../shared/geo/payload.ts'

let request: Promise<GeoPayload> | null = null

/**
 * The district outline and the schematic town areas, fetched once per page. main.ts starts it
 * before the wall's chunk has even loaded, so the map does not wait for it.
 */
/** The map the page arrived with (the wall's inlined boot data): no request then. */
export function seedGeo(payload: GeoPayload): void {
  request = Promise.resolve(payload)
}

export function fetchGeo(): Promise<GeoPayload> {
  request ??= apiRequest<GeoPayload>('GET', '/api/geo/bishan').catch((err: unknown) => {
    request = null
    throw err
  })
  return request
}
