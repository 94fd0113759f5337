import { appendFile, open, rename } from 'node:fs/promises'

/** Replaces a file atomically: write a temp file, flush it to disk, rename over the target. */
export async function writeFileDurably(file: string, data: string | Uint8Array, temp = `${file}.tmp`): Promise<void> {
  const fh = await open(temp, 'w')
  try {
    await fh.writeFile(data)
    await fh.datasync()
  } finally {
    await fh.close()
  }
  await rename(temp, file)
}

/** Appends and flushes to disk before resolving. */
export async function appendFileDurably(file: string, text: string): Promise<void> {
  await appendFile(file, text, 'utf8')
  const fh = await open(file, 'r+')
  try {
    await fh.datasync()
  } finally {
    await fh.close()
  }
}
