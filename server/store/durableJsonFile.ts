import { readFile } from 'node:fs/promises'
import { writeFileDurably } from './durableFs.ts'
import path from 'node:path'
import type { Adapter } from 'lowdb'

/**
 * A lowdb adapter that writes atomically (temp file + fsync + rename) and coalesces concurrent
 * writes: however many callers ask for a write while one is in flight, the state is serialised once
 * more and all of them resolve when that write is on disk. The cost of a burst is two writes, not N.
 */
export class DurableJsonFile<T> implements Adapter<T> {
  readonly #file: string
  readonly #temp: string
  /** the last write started (or settled): writes run one after another */
  #running: Promise<void> = Promise.resolve()
  /** a write scheduled but not yet started; it will take the latest data when it starts */
  #pending: Promise<void> | null = null
  #latest: T | null = null
  writes = 0

  constructor(file: string) {
    this.#file = file
    this.#temp = path.join(path.dirname(file), `.${path.basename(file)}.tmp`)
  }

  /** Reads the file; a missing file is null, an unreadable or corrupt one throws (never overwritten). */
  async read(): Promise<T | null> {
    let text: string
    try {
      text = await readFile(this.#file, 'utf8')
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
      throw new Error(`Cannot read store file ${this.#file}: ${(e as Error).message}`, { cause: e })
    }
    try {
      return JSON.parse(text) as T
    } catch (e) {
      throw new Error(
        `Store file ${this.#file} is corrupt (${(e as Error).message}). It was left untouched: restore it from a backup or move it away to start empty.`,
        { cause: e },
      )
    }
  }

  write(data: T): Promise<void> {
    this.#latest = data
    if (this.#pending) return this.#pending
    const next = this.#running.catch(() => undefined).then(() => {
      this.#pending = null
      return this.#writeNow(this.#latest as T)
    })
    this.#pending = next
    this.#running = next
    return next
  }

  async #writeNow(data: T): Promise<void> {
    await writeFileDurably(this.#file, JSON.stringify(data), this.#temp)
    this.writes++
  }
}
