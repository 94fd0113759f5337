import { readFileSync } from 'node:fs'

const asset = (name: string) => new URL(`../assets/${name}`, import.meta.url)

function readTowns(): string {
  try {
    return readFileSync(asset('bishan-towns.geojson'), 'utf8')
  } catch {
    return 'null'
  }
}

/**
 * The map of Bishan as the web app draws it: the district outline, the schematic town areas (null
 * when not built) and the note shown with them. Read once; served by GET /api/geo/bishan and
 * inlined into the wall's page.
 */
export const GEO_PAYLOAD_JSON = `{"outline":${readFileSync(asset('bishan-district.geojson'), 'utf8')},"towns":${readTowns()},"note":"镇街区域为依据镇街驻地推算的示意范围，非官方边界"}`
