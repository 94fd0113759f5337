import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cast, startTestServer, type TestServer } from '../helpers/server.ts'

let server: TestServer
let c: Awaited<ReturnType<typeof cast>>
beforeAll(async () => {
  server = await startTestServer()
  c = await cast(server.url)
})
afterAll(async () => server.stop())

describe('Open311 GeoReport v2', () => {
  it('lists services, files a request with a form post and reads it back masked', async () => {
    const services = (await c.anon.get<{ service_code: string; service_name: string }[]>('/open311/v2/services.json')).body
    const garbage = services.find((s) => s.service_name === '垃圾清运')
    expect(garbage).toBeDefined()
    const form = new URLSearchParams({
      api_key: c.tokens.chief, service_code: garbage?.service_code ?? '', description: '来凤街道这里垃圾没人清运，电话13912345678',
      lat: '29.4368', long: '106.2178',
    })
    const res = await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', body: form })
    expect(res.status).toBe(201)
    const [created] = (await res.json()) as { service_request_id: string }[]
    expect(created?.service_request_id).toMatch(/^BS\d{8}-\d{4}$/)
    const one = (await c.anon.get<{ status: string; description: string; lat: number }[]>(`/open311/v2/requests/${created?.service_request_id}.json`)).body
    expect(one[0]).toMatchObject({ status: 'open', lat: 29.4368 })
    expect(one[0]?.description).toContain('139****5678')
    const t = (await c.chief.get<{ ticket: { townCode: string } }>(`/api/tickets/${created?.service_request_id}`)).body.ticket
    expect(t.townCode).toBe('500120004')
    const open = (await c.anon.get<unknown[]>('/open311/v2/requests.json?status=open')).body
    expect(open.length).toBeGreaterThan(0)
  })

  it('rejects a bad key, an unknown service and other formats', async () => {
    const bad = await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', body: new URLSearchParams({ api_key: 'x', service_code: 'K01', description: 'x' }) })
    expect(bad.status).toBe(401)
    const unknown = await fetch(`${server.url}/open311/v2/requests.json`, { method: 'POST', body: new URLSearchParams({ api_key: c.tokens.chief, service_code: 'K99', description: 'x' }) })
    expect(unknown.status).toBe(400)
    expect((await c.anon.get('/open311/v2/services.xml')).status).toBe(400)
    expect((await c.anon.get('/open311/v2/requests/BS20990101-0001.json')).status).toBe(404)
  })
})
