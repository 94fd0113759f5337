/**
 * Masks personal data for public screens (the wall): mobile numbers, ID-card numbers and plate
 * numbers. The full text is shown only in a logged-in detail panel.
 */
const MOBILE = /(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)/g
const LANDLINE = /(?<!\d)(0\d{2,3}-?)(\d{3,4})(\d{4})(?!\d)/g
const ID_CARD = /(?<![0-9A-Za-z])(\d{6})(\d{8})(\d{3}[\dXx])(?![0-9A-Za-z])/g
const PLATE = /([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])([A-HJ-NP-Z])[·\s]?([A-HJ-NP-Z0-9]{4,5})([A-HJ-NP-Z0-9挂学警港澳])/g

export function maskPII(text: string): string {
  return text
    .replace(ID_CARD, (_m, a: string, _b: string, c: string) => `${a}********${c.slice(-4)}`)
    .replace(MOBILE, (_m, a: string, _b: string, c: string) => `${a}****${c}`)
    .replace(LANDLINE, (_m, a: string, _b: string, c: string) => `${a}****${c}`)
    .replace(PLATE, (_m, p: string, l: string, mid: string, last: string) => `${p}${l}${mid.slice(0, 1)}${'*'.repeat(mid.length - 1)}${last}`)
}

/** Masks a person's contact field entirely except its shape. */
export function maskContact(contact: string): string {
  const masked = maskPII(contact)
  if (masked !== contact) return masked
  // a name or other free text: keep the first character only
  return contact.length <= 1 ? '*' : `${contact.slice(0, 1)}${'*'.repeat(Math.min(contact.length - 1, 3))}`
}

/** A copy of a ticket fit for a public screen: personal data in every free text masked. */
export function maskTicket<T extends MaskableTicket>(t: T): T {
  return {
    ...t,
    title: maskPII(t.title),
    content: maskPII(t.content),
    ...(t.contact ? { contact: maskContact(t.contact) } : {}),
    ...(t.reply ? { reply: { ...t.reply, content: maskPII(t.reply.content) } } : {}),
    timeline: t.timeline.map((e) => (e.note ? { ...e, note: maskPII(e.note) } : e)),
  }
}

interface MaskableTicket {
  title: string
  content: string
  contact?: string
  reply?: { content: string }
  timeline: { note?: string }[]
}
