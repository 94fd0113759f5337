/**
 * Text normalisation and character n-gram features for the level-1 classifier.
 * Pure and dependency-free so the browser, the server and the trainer share one definition —
 * a model is only valid with the exact feature function it was trained with.
 */

export interface FeatureOptions {
  /** Shortest and longest character n-gram. Chinese has no spaces, so char n-grams stand in for words. */
  minN: number
  maxN: number
  /** Only the first maxChars normalised characters are read: titles and openings carry the topic,
   *  and it bounds the classification time of pasted essays. */
  maxChars: number
  /** 'collapse' turns every digit run into one '0' (amounts, dates and house numbers are noise). */
  digits: 'keep' | 'collapse'
  /** The first headChars characters (where the message title sits) also yield '^'-marked n-grams,
   *  so the model can weigh a word in the title apart from the same word in the body. 0 = off. */
  headChars: number
}

export const DEFAULT_FEATURES: FeatureOptions = { minN: 1, maxN: 3, maxChars: 3000, digits: 'collapse', headChars: 0 }

/** Separator between segments; n-grams never span it. */
const SEP = ' '

const FULLWIDTH_START = 0xff01
const FULLWIDTH_END = 0xff5e
const FULLWIDTH_OFFSET = 0xfee0
const IDEOGRAPHIC_SPACE = 0x3000

/** Full-width ASCII (ＡＢＣ１２３，！) to half-width, so both spellings share features. */
export function toHalfWidth(text: string): string {
  let out = ''
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    if (c >= FULLWIDTH_START && c <= FULLWIDTH_END) out += String.fromCharCode(c - FULLWIDTH_OFFSET)
    else if (c === IDEOGRAPHIC_SPACE) out += SEP
    else out += text[i]
  }
  return out
}

// Anything that is not a letter or digit (punctuation, symbols, emoji, whitespace) ends a segment.
// Astral-plane characters are dropped too: they are emoji or rare ideographs, and removing them
// keeps every remaining character one UTF-16 unit, so n-grams can be cut by index.
const NON_WORD_RUN = /(?:[^\p{L}\p{N}]|[\u{10000}-\u{10FFFF}])+/gu
const DIGIT_RUN = /\p{Nd}+/gu

/**
 * Canonical form: half-width, lower case, digit runs optionally collapsed, every run of
 * punctuation / whitespace / emoji reduced to one space, trimmed, truncated to maxChars.
 */
export function normalizeText(text: string, options: Pick<FeatureOptions, 'maxChars' | 'digits'> = DEFAULT_FEATURES): string {
  // Pre-truncate generously before the regex passes so a huge paste costs no more than maxChars.
  let s = toHalfWidth(text.slice(0, options.maxChars * 2 + 16)).toLowerCase()
  if (options.digits === 'collapse') s = s.replace(DIGIT_RUN, '0')
  s = s.replace(NON_WORD_RUN, SEP).trim()
  return s.length > options.maxChars ? s.slice(0, options.maxChars).trimEnd() : s
}

/** Calls visit(gram) for every char n-gram of every segment of an already normalised text. */
export function forEachNgram(normalized: string, options: Pick<FeatureOptions, 'minN' | 'maxN'>, visit: (gram: string) => void): void {
  let start = 0
  const len = normalized.length
  while (start < len) {
    let end = normalized.indexOf(SEP, start)
    if (end < 0) end = len
    for (let i = start; i < end; i++) {
      const longest = Math.min(options.maxN, end - i)
      for (let n = options.minN; n <= longest; n++) visit(normalized.slice(i, i + n))
    }
    start = end + 1
  }
}

/** Marks n-grams taken from the head of the message (a character normalisation never produces). */
export const HEAD_MARK = '^'

/** Every feature of a normalised text: its n-grams, plus the marked n-grams of its head. */
export function forEachFeature(normalized: string, options: FeatureOptions, visit: (feature: string) => void): void {
  forEachNgram(normalized, options, visit)
  if (options.headChars > 0) forEachNgram(normalized.slice(0, options.headChars), options, (g) => visit(HEAD_MARK + g))
}

/** Counts of every n-gram of a raw text (normalises first). */
export function ngramCounts(text: string, options: FeatureOptions = DEFAULT_FEATURES): Map<string, number> {
  const counts = new Map<string, number>()
  forEachFeature(normalizeText(text, options), options, (g) => counts.set(g, (counts.get(g) ?? 0) + 1))
  return counts
}

/** Sublinear term frequency: the 5th mention of a word says less than the first. */
export function sublinearTf(count: number): number {
  return count > 0 ? 1 + Math.log(count) : 0
}
