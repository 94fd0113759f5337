import type { z } from 'zod'
import { fromZod } from './errors.ts'

/** Parses input with a zod schema or throws a 400 with field errors. */
export function parse<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const r = schema.safeParse(input)
  if (!r.success) throw fromZod(r.error)
  return r.data
}
