/**
 * Text normalisation, character n-gram and word features for the level-1 classifier.
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
  /** Word n-grams (小区|门口|垃圾桶): 0 = none, 1 = words, 2 = words and word pairs. Words span
   *  more than 3 characters and have edges. They are cut by the model's lexicon (forEachLexiconWord),
   *  or in models without one by Intl.Segmenter's ICU dictionary. */
  wordMaxN: number
  /** Only the first wordChars normalised characters are cut into words (Intl.Segmenter, in models
   *  without a lexicon, costs ≈0.35 µs per character). */
  wordChars: number
  /** Shorter words are skipped (a single character is already a char unigram). */
  wordMinLength: number
  /** Word features' idf is multiplied by this: the weight of the word block in the joint l2 norm. */
  wordWeight: number
}

/** Word features off: what models trained before word features were added used. */
export const NO_WORDS: Pick<FeatureOptions, 'wordMaxN' | 'wordChars' | 'wordMinLength' | 'wordWeight'> = { wordMaxN: 0, wordChars: 0, wordMinLength: 1, wordWeight: 1 }

/** Char 1–3-grams plus the words of the first 300 characters, weighted 1.5 (bench/classify.ts --compare). */
export const DEFAULT_FEATURES: FeatureOptions = { minN: 1, maxN: 3, maxChars: 1500, digits: 'collapse', headChars: 0, wordMaxN: 1, wordChars: 300, wordMinLength: 1, wordWeight: 1.5 }

/** Separator between segments; n-grams never span it. */
const SEP = ' '
const SEP_CODE = 0x20

const FULLWIDTH_START = 0xff01
const FULLWIDTH_END = 0xff5e
const FULLWIDTH_OFFSET = 0xfee0
const IDEOGRAPHIC_SPACE = 0x3000

const SEPARATOR = 0
const WORD = 1
const DIGIT = 2
type CharClass = typeof SEPARATOR | typeof WORD | typeof DIGIT

const LETTER_OR_NUMBER = /^[\p{L}\p{N}]$/u
const DECIMAL_DIGIT = /^\p{Nd}$/u
/** Classes of the rare characters outside the fast ranges, filled on first sight. */
const classCache = new Map<number, CharClass>()

/**
 * Letters and numbers are kept; punctuation, symbols, whitespace and every surrogate half are
 * separators. Dropping astral characters (emoji, rare ideographs) keeps every kept character one
 * UTF-16 unit, so n-grams can be cut by index. Fast paths cover ASCII and common CJK.
 */
function classOf(code: number): CharClass {
  if (code < 0x80) {
    if (code >= 0x30 && code <= 0x39) return DIGIT
    return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) ? WORD : SEPARATOR
  }
  if ((code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)) return WORD
  if (code >= 0xd800 && code <= 0xdfff) return SEPARATOR
  let cls = classCache.get(code)
  if (cls === undefined) {
    const ch = String.fromCharCode(code)
    cls = DECIMAL_DIGIT.test(ch) ? DIGIT : LETTER_OR_NUMBER.test(ch) ? WORD : SEPARATOR
    classCache.set(code, cls)
  }
  return cls
}

const lowerCache = new Map<number, string>()

/** Lower case of one UTF-16 unit (may be two units: İ → i̇). ASCII and CJK take the fast path. */
function lowerOf(code: number): string {
  let lower = lowerCache.get(code)
  if (lower === undefined) {
    lower = String.fromCharCode(code).toLowerCase()
    lowerCache.set(code, lower)
  }
  return lower
}

/**
 * Writes the canonical form of text into out (see normalizeText) and returns its length; out
 * must hold maxChars units. Allocation-free so classify() creates no garbage per character.
 */
export function normalizeInto(text: string, options: Pick<FeatureOptions, 'maxChars' | 'digits'>, out: Uint16Array): number {
  const max = Math.min(options.maxChars, out.length)
  // Bounded scan too, so a megabyte of punctuation cannot stall the caller.
  const scanEnd = Math.min(text.length, options.maxChars * 4 + 64)
  let n = 0
  let pendingSep = false
  let inDigits = false
  for (let i = 0; i < scanEnd; i++) {
    let code = text.charCodeAt(i)
    // Full-width ASCII (ＡＢＣ１２３，！) is the same text as half-width: share the features.
    if (code >= FULLWIDTH_START && code <= FULLWIDTH_END) code -= FULLWIDTH_OFFSET
    else if (code === IDEOGRAPHIC_SPACE) code = SEP_CODE
    const cls = classOf(code)
    if (cls === SEPARATOR) {
      pendingSep = n > 0
      inDigits = false
      continue
    }
    if (cls === DIGIT && options.digits === 'collapse') {
      if (inDigits) continue
      inDigits = true
      code = 0x30
    } else inDigits = false
    if (code >= 0x41 && code <= 0x5a) code += 32
    const lower = code < 0x80 || (code >= 0x3400 && code <= 0x9fff) ? undefined : lowerOf(code)
    const width = (pendingSep ? 1 : 0) + (lower === undefined ? 1 : lower.length)
    if (n + width > max) break
    if (pendingSep) out[n++] = SEP_CODE
    pendingSep = false
    if (lower === undefined) out[n++] = code
    else for (let k = 0; k < lower.length; k++) out[n++] = lower.charCodeAt(k)
  }
  return n
}

/**
 * Canonical form: half-width, lower case, digit runs optionally collapsed to '0', every run of
 * punctuation / whitespace / emoji reduced to one space, trimmed, at most maxChars long.
 * One pass without regular expressions: a 5,000-character paste costs microseconds.
 */
export function normalizeText(text: string, options: Pick<FeatureOptions, 'maxChars' | 'digits'> = DEFAULT_FEATURES): string {
  const buf = new Uint16Array(Math.max(0, options.maxChars))
  const n = normalizeInto(text, options, buf)
  let s = ''
  const CHUNK = 4096 // stays far below the engine's limit on call arguments
  for (let i = 0; i < n; i += CHUNK) s += String.fromCharCode(...buf.subarray(i, Math.min(n, i + CHUNK)))
  return s
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

/** Marks word features, and separates the words of a pair (a character normalisation never produces). */
export const WORD_MARK = '_'

let segmenter: Intl.Segmenter | undefined

/** One shared segmenter: creating one costs far more than segmenting a message. */
function wordSegmenter(): Intl.Segmenter {
  segmenter ??= new Intl.Segmenter('zh', { granularity: 'word' })
  return segmenter
}

/** The word-like segments Intl.Segmenter cuts from a normalised text (ICU's dictionary: 小区|门口|垃圾桶). */
export function icuWords(normalized: string): string[] {
  const words: string[] = []
  for (const { segment, isWordLike } of wordSegmenter().segment(normalized)) if (isWordLike) words.push(segment)
  return words
}

/**
 * A lexicon as a trie over UTF-16 units. `word`: a lexicon word ends here. `term`: the run time
 * stores here the feature index of WORD_MARK + the path (-1 if none), so a cut word is looked up
 * without building a string.
 */
export interface LexiconNode {
  word: boolean
  term: number
  next: Map<number, LexiconNode> | undefined
}

export function emptyLexiconNode(): LexiconNode {
  return { word: false, term: -1, next: undefined }
}

/** The node for text[from, to), created on the way when create is set. */
export function lexiconNodeAt(root: LexiconNode, text: ArrayLike<number>, from: number, to: number, create: boolean): LexiconNode | undefined {
  let node: LexiconNode | undefined = root
  for (let i = from; i < to && node; i++) {
    const code = text[i] ?? 0
    let child: LexiconNode | undefined = node.next?.get(code)
    if (!child && create) {
      child = emptyLexiconNode()
      node.next ??= new Map()
      node.next.set(code, child)
    }
    node = child
  }
  return node
}

function codesOf(s: string): Uint16Array {
  const out = new Uint16Array(s.length)
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i)
  return out
}

export function lexiconTrie(words: Iterable<string>): LexiconNode {
  const root = emptyLexiconNode()
  for (const w of words) {
    const node = lexiconNodeAt(root, codesOf(w), 0, w.length, true)
    if (node) node.word = true
  }
  return root
}

/** Ideographs as normalizeInto's fast path sees them: the only characters the lexicon cuts. */
export function isIdeograph(code: number): boolean {
  return (code >= 0x4e00 && code <= 0x9fff) || (code >= 0x3400 && code <= 0x4dbf)
}

/**
 * Calls cut(from, to) for every word of text[0, end) by forward maximum matching over the
 * lexicon: at each ideograph, the longest lexicon word starting there, else the ideograph alone.
 * Runs of other letters and digits (wifi, 0) are one word each, as ICU cuts them. Deterministic
 * and ICU-free: training and every run time cut the same text the same way.
 */
export function forEachLexiconWord(text: ArrayLike<number>, end: number, root: LexiconNode, cut: (from: number, to: number) => void): void {
  let i = 0
  while (i < end) {
    const code = text[i] ?? 0
    if (code === SEP_CODE) {
      i++
      continue
    }
    if (!isIdeograph(code)) {
      let j = i + 1
      while (j < end && text[j] !== SEP_CODE && !isIdeograph(text[j] ?? 0)) j++
      cut(i, j)
      i = j
      continue
    }
    let longest = i + 1
    let node: LexiconNode | undefined = root
    for (let j = i; j < end && node; j++) {
      const c = text[j] ?? 0
      if (!isIdeograph(c)) break
      node = node.next?.get(c)
      if (node?.word) longest = j + 1
    }
    cut(i, longest)
    i = longest
  }
}

/**
 * Calls visit for every word feature of an already normalised text: '_' + word, and with
 * wordMaxN 2 '_' + word + '_' + next word. Pairs never span a separator, like char n-grams.
 * Words are cut by the lexicon when one is given, else by Intl.Segmenter (models before lexicons).
 */
export function forEachWord(normalized: string, options: Pick<FeatureOptions, 'wordMaxN' | 'wordChars' | 'wordMinLength'>, visit: (feature: string) => void, lexicon?: LexiconNode): void {
  if (options.wordMaxN < 1) return
  let previous: string | undefined
  const emit = (segment: string | undefined): void => {
    if (segment === undefined) {
      previous = undefined
      return
    }
    if (segment.length >= options.wordMinLength) visit(WORD_MARK + segment)
    if (options.wordMaxN >= 2 && previous !== undefined) visit(WORD_MARK + previous + WORD_MARK + segment)
    previous = segment
  }
  const text = normalized.slice(0, options.wordChars)
  if (lexicon) {
    const codes = codesOf(text)
    let last = 0
    forEachLexiconWord(codes, codes.length, lexicon, (from, to) => {
      if (from > last) emit(undefined) // a separator lay between the two words
      emit(text.slice(from, to))
      last = to
    })
    return
  }
  for (const { segment, isWordLike } of wordSegmenter().segment(text)) emit(isWordLike ? segment : undefined)
}

/** Every feature of a normalised text: its n-grams, the marked n-grams of its head, its words. */
export function forEachFeature(normalized: string, options: FeatureOptions, visit: (feature: string) => void, lexicon?: LexiconNode): void {
  forEachNgram(normalized, options, visit)
  if (options.headChars > 0) forEachNgram(normalized.slice(0, options.headChars), options, (g) => visit(HEAD_MARK + g))
  forEachWord(normalized, options, visit, lexicon)
}

/** A feature as people read it: marks dropped, a word pair written as one phrase. */
export function readableFeature(feature: string): string {
  return feature.replaceAll(HEAD_MARK, '').replaceAll(WORD_MARK, '')
}

/** Counts of every n-gram of a raw text (normalises first). */
export function ngramCounts(text: string, options: FeatureOptions = DEFAULT_FEATURES, lexicon?: LexiconNode): Map<string, number> {
  const counts = new Map<string, number>()
  forEachFeature(normalizeText(text, options), options, (g) => counts.set(g, (counts.get(g) ?? 0) + 1), lexicon)
  return counts
}

/** Sublinear term frequency: the 5th mention of a word says less than the first. */
export function sublinearTf(count: number): number {
  return count > 0 ? 1 + Math.log(count) : 0
}
