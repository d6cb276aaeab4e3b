// A ticket's text → its terms. Chinese runs are segmented with the built-in
// ICU word segmenter (Intl.Segmenter 'zh'); ICU's dictionary leaves many
// domain words in single characters (异|响, 账|号, 超|时), so adjacent single
// characters that are not function characters are joined back into one word.
// English: lower-cased words with simple plural folding. Error codes (E2001)
// and versions (V3.2.0) are kept as written; numbers, order numbers, phone
// fragments, URLs, single Chinese characters and stop words are dropped.
// Adjacent kept words (nothing dropped between them) are returned as pairs; the
// indexer keeps a pair as a phrase term when it is frequent in the dataset.
import { DEFAULT_DICTIONARY, DEFAULT_STOP_WORDS, ZH_BREAK_CHARS } from './stopwords';

export interface TokenizerOptions {
	/** Words that must stay whole (支付通道, 花呗), added to DEFAULT_DICTIONARY: Chinese words (cut out of a run before ICU segments it) or single English words. */
	dictionary?: Iterable<string>;
	/** Stop words added to the defaults (compared after lower-casing). */
	stopWords?: Iterable<string>;
}

export interface Tokens {
	/** Kept words in text order, duplicates included. */
	words: string[];
	/** Adjacent kept words as phrases ('支付失败', 'data cap'), duplicates included. */
	pairs: string[];
}

const HAN = /\p{Script=Han}/u;
const URL_RE = /\b(?:https?:\/\/|www\.)[^\s\u3000-\u303f\uff00-\uffef]+/giu;
const EMAIL_RE = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;
// a Han run, an ASCII word (letters/digits joined by . _ - '), or one other character
const PIECE = /(\p{Script=Han}+)|([A-Za-z0-9]+(?:[._'’-][A-Za-z0-9]+)*)|(\s+)|([^\s])/gu;
/** E2001, J300, E10023; a longer run of digits is an order or tracking number. */
const ERROR_CODE = /^[A-Za-z]{1,2}-?\d{3,4}$|^[A-Za-z]\d{5}$/;
const VERSION = /^[vV]\d+(?:\.\d+){1,3}$|^\d+\.\d+\.\d+(?:\.\d+)?$/;
const HAS_LETTER = /[A-Za-z]/;
const MASK = /^(?:x+|\*+)$/i;
const DIGITS = /\d/g;
const CACHE_LIMIT = 200_000;

/** Simple English plural folding: tickets → ticket, charges → charge, fees → fee, batteries → battery, boxes → box. */
export function foldPlural(w: string): string {
	if (w.length <= 3) return w;
	if (w.endsWith('ies') && w.length > 4) return w.slice(0, -3) + 'y';
	if (/(?:sses|shes|ches|xes|zzes)$/.test(w)) return w.slice(0, -2);
	if (w.endsWith('s') && !/(?:ss|us|is|os|as)$/.test(w)) return w.slice(0, -1);
	return w;
}

export class Tokenizer {
	readonly #segmenter = new Intl.Segmenter('zh', { granularity: 'word' });
	readonly #stop: Set<string>;
	readonly #dictionary: RegExp | null;
	readonly #dictWords: Set<string>;
	/** Segmentation of a Han run, by run: help-desk text repeats its clauses. */
	readonly #cache = new Map<string, (string | null)[]>();

	constructor(opts: TokenizerOptions = {}) {
		this.#stop = new Set(DEFAULT_STOP_WORDS);
		for (const w of opts.stopWords ?? []) if (w.trim()) this.#stop.add(w.trim().toLowerCase());
		const words = [...new Set([...DEFAULT_DICTIONARY, ...(opts.dictionary ?? [])].map((w) => w.trim()).filter((w) => w.length >= 2))];
		this.#dictWords = new Set(words.map((w) => w.toLowerCase()));
		words.sort((a, b) => b.length - a.length);
		this.#dictionary = words.length ? new RegExp(words.map((w) => w.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')).join('|'), 'giu') : null;
	}

	/** Distinct terms of a text: words, plus the pairs that `phrases` accepts. */
	terms(text: string | null | undefined, phrases?: ReadonlySet<string>): string[] {
		const t = this.tokens(text);
		const out = new Set(t.words);
		if (phrases) for (const p of t.pairs) if (phrases.has(p)) out.add(p);
		return [...out];
	}

	tokens(text: string | null | undefined): Tokens {
		const words: string[] = [];
		const pairs: string[] = [];
		if (!text) return { words, pairs };
		let clean = text.normalize('NFKC');
		if (clean.includes('://') || clean.includes('www.')) clean = clean.replace(URL_RE, ' , ');
		if (clean.includes('@')) clean = clean.replace(EMAIL_RE, ' , ');
		// kept words with no gap between them pair up; null marks a gap (a dropped word or punctuation)
		let prev: string | null = null;
		const keep = (w: string | null) => {
			if (w === null) {
				prev = null;
				return;
			}
			words.push(w);
			if (prev !== null) pairs.push(joinPair(prev, w));
			prev = w;
		};
		let lastHan = false;
		/** The Han run just before ends in 号 (订单号, 运单号, 工单号, 编号): what follows is a number, not a code. */
		let numberNext = false;
		PIECE.lastIndex = 0;
		for (let m = PIECE.exec(clean); m; m = PIECE.exec(clean)) {
			if (m[1]) {
				for (const w of this.#segmentHan(m[1])) keep(w !== null && !this.#stop.has(w) ? w : null);
				lastHan = true;
				numberNext = m[1].endsWith('号');
			} else if (m[2]) {
				const w = numberNext && /\d/.test(m[2]) ? null : this.#ascii(m[2]);
				numberNext = false;
				// codes and versions stand alone: 'E2001' is the term, not '报错 E2001'
				if (w !== null && (ERROR_CODE.test(w) || VERSION.test(w)) && w !== w.toLowerCase()) {
					keep(null);
					words.push(w);
				} else keep(w);
				lastHan = false;
			} else if (m[3]) {
				// a space between Chinese words separates two statements (车质网: 生锈 漏油); between English words it does not
				if (lastHan) keep(null);
			} else {
				keep(null);
				if (m[4] !== ':' && m[4] !== '：' && m[4] !== '#') numberNext = false;
			}
		}
		return { words, pairs };
	}

	/**
	 * Words of a Han run, null for a gap (a dropped single character). Dictionary words are cut
	 * out first and kept whole; the rest goes to ICU. Cached by run: help-desk text repeats itself.
	 */
	#segmentHan(run: string): (string | null)[] {
		const hit = this.#cache.get(run);
		if (hit) return hit;
		const out: (string | null)[] = [];
		const icu = (piece: string) => {
			let singles = '';
			const flush = () => {
				// 2–4 adjacent single characters are read as one word (异响, 漆面); one alone is dropped
				if (singles.length >= 2 && singles.length <= 4) out.push(singles);
				else if (singles.length) out.push(null);
				singles = '';
			};
			for (const s of this.#segmenter.segment(piece)) {
				const w = s.segment;
				if (w.length === 1) {
					if (ZH_BREAK_CHARS.has(w)) {
						flush();
						out.push(null);
					} else singles += w;
					continue;
				}
				flush();
				out.push(w);
			}
			flush();
		};
		if (this.#dictionary) {
			let last = 0;
			this.#dictionary.lastIndex = 0;
			for (const m of run.matchAll(this.#dictionary)) {
				if (m.index! > last) icu(run.slice(last, m.index));
				out.push(m[0]);
				last = m.index! + m[0].length;
			}
			if (last < run.length) icu(run.slice(last));
		} else icu(run);
		if (this.#cache.size >= CACHE_LIMIT) this.#cache.clear();
		this.#cache.set(run, out);
		return out;
	}

	/** An ASCII word as a term, or null when it is dropped. */
	#ascii(raw: string): string | null {
		const w = raw.replace(/’/g, "'");
		if (VERSION.test(w)) return w[0] === 'v' ? 'V' + w.slice(1) : w;
		if (ERROR_CODE.test(w) && /^[A-Za-z]/.test(w)) return w.toUpperCase();
		if (!HAS_LETTER.test(w)) return null; // numbers, amounts, phone fragments, dates
		if (MASK.test(w)) return null; // redactions: XXXX, xx/xx
		const digits = w.match(DIGITS)?.length ?? 0;
		if (digits >= 5) return null; // order and tracking numbers: DD202401017177, SF1234567
		let lower = w.toLowerCase().replace(/'s$/, '').replace(/'/g, '');
		if (this.#dictWords.has(lower)) return lower;
		if (lower.length < 2 || this.#stop.has(lower)) return null;
		if (digits === 0) lower = foldPlural(lower);
		return this.#stop.has(lower) ? null : lower;
	}
}

/** Two adjacent words as one phrase: Chinese words join directly, others with a space. */
export function joinPair(a: string, b: string): string {
	return HAN.test(a.at(-1)!) && HAN.test(b[0]) ? a + b : `${a} ${b}`;
}
