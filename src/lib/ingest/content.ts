// Columns found by their content, not only their names. Pure: the import page
// runs it on the preview rows, the importer on the first rows of the file, so
// both propose the same mapping. Header synonyms come first (mapping.ts); these
// rules fill what the names did not say, fix what the values contradict, and are
// the safety net for headers no list knows.
import { chooseDateCandidate, dateCandidates, looksLikeDateHeader, parseDate, type DateCandidate } from './dates';
import { detectMapping, FIELDS, type Field, type Mapping } from './mapping';
import { cleanValue, normalisePriority, normaliseSatisfaction, normaliseStatus } from './values';

/** Why a column was chosen by its values (a key of the UI catalogue: import.found.<rule>). */
export type FoundRule =
	| 'earliest' // the date-time column that is earliest in most rows
	| 'datetimes' // the only column whose values read as date-times
	| 'combined' // a time-only column combined with the date column of the same event
	| 'unambiguous' // two columns hold the same dates; this one reads them one way only
	| 'unique' // unique, id-like values
	| 'repeating' // id-like values that repeat: an event log
	| 'longtext' // long free text
	| 'values'; // the values are known words of this field (priorities, statuses, channels, satisfaction)

export interface Found {
	header: string;
	rule: FoundRule;
	/** The other column involved (the ambiguous one for 'unambiguous', the date column for 'combined'). */
	other?: string;
}

export interface ColumnDetection {
	mapping: Mapping;
	/** Fields whose column was chosen (or changed) by its values. */
	found: Partial<Record<Field, Found>>;
	/** Other columns that could serve a field (the later date-times for first response / resolution …). */
	alternatives: Partial<Record<Field, string[]>>;
	/** Unmapped low-cardinality text columns: kept as custom columns, good dimensions. */
	dimensions: string[];
}

const DATE_FIELDS: Field[] = ['created_at', 'first_response_at', 'resolved_at', 'updated_at'];
export const TIME_FIELD: Partial<Record<Field, Field>> = {
	created_at: 'created_time',
	first_response_at: 'first_response_time',
	resolved_at: 'resolved_time'
};

const TIME_ONLY = /^([01]?\d|2[0-3])(:[0-5]\d){1,2}([.,]\d{1,6})?(\s*[ap]\.?m\.?)?$|^\d{1,2}[时点]\d{1,2}分(\d{1,2}秒)?$/i;
const ID_LIKE = /^(?=.*\d)[A-Za-z0-9][A-Za-z0-9_\-#/.:]{1,39}$/;
const STRONG_ID = /^[A-Za-z]{1,8}[-_#]?\d{3,}$/;
const CHANNEL_WORDS =
	/^(电话|热线|来电|呼入|呼出|微信|微信公众号|公众号|小程序|app|手机app|客户端|邮件|电子邮件|邮箱|email|e-mail|mail|phone|telephone|call|chat|live chat|在线|在线客服|网站|官网|网页|web|website|portal|短信|sms|微博|weibo|抖音|social media|twitter|facebook|门店|柜台|现场|walk-in|in person|信函|来信|letter|fax|传真|12345|12315|self-service|自助)$/i;

interface Profile {
	header: string;
	index: number;
	/** Cleaned value per sample row ('' when empty). */
	cells: string[];
	nonEmpty: number;
	distinct: number;
	/** Average length, a CJK character counting two. */
	avgWeight: number;
	date: DateProfile | null;
	timeOnly: boolean;
}

interface DateProfile {
	candidate: DateCandidate;
	ambiguous: boolean;
	/** The top readings when ambiguous (the chosen one first). */
	readings: DateCandidate[];
	/** Share of non-empty values that parse. */
	share: number;
	/** Every parsed value is at midnight and no value writes a clock. */
	dateOnly: boolean;
	/** Epoch ms per sample row with the chosen reading, or null. */
	ms: (number | null)[];
}

const WIDE = /[\u3400-\u9fff\uff00-\uffef]/g;

/** Length with a CJK character counting two; judged on the first 1,000 characters of a long value. */
function weight(s: string): number {
	const head = s.length > 1000 ? s.slice(0, 1000) : s;
	const wide = head.match(WIDE)?.length ?? 0;
	return s.length + (wide * s.length) / Math.max(1, head.length);
}

function msOf(v: string, c: DateCandidate): number | null {
	const p = parseDate(v, c);
	if (!p) return null;
	return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second, p.millis) - (p.offsetMinutes ?? 0) * 60000;
}

function profileDates(header: string, cells: string[]): DateProfile | null {
	const values = cells.filter((v) => v !== '');
	if (values.length === 0) return null;
	const candidates = dateCandidates(values);
	if (candidates.length === 0) return null;
	// a column of bare serial numbers is a date column only when its name says so (else ids and amounts would be dates)
	if (candidates.every((c) => c.id === 'excel') && !looksLikeDateHeader(header)) return null;
	const counts: Record<string, number> = {};
	for (const c of candidates) counts[c.id] = values.filter((v) => parseDate(v, c) !== null).length;
	const choice = chooseDateCandidate(candidates, counts);
	if (!choice) return null;
	const share = counts[choice.chosen.id] / values.length;
	if (share < 0.8) return null;
	const ms = cells.map((v) => (v === '' ? null : msOf(v, choice.chosen)));
	const dateOnly = values.every((v) => !/\d:\d/.test(v) && !/[时点]\d/.test(v)) && ms.every((m) => m === null || m % 86400000 === 0);
	return { candidate: choice.chosen, ambiguous: choice.ambiguous, readings: [choice.chosen, ...choice.alternatives], share, dateOnly, ms };
}

function profile(headers: string[], rows: string[][]): Profile[] {
	return headers.map((header, index) => {
		const cells = rows.map((r) => cleanValue(r[index] ?? '') ?? '');
		const values = cells.filter((v) => v !== '');
		const timeOnly = values.length > 0 && values.filter((v) => TIME_ONLY.test(v)).length >= 0.9 * values.length;
		return {
			header,
			index,
			cells,
			nonEmpty: values.length,
			distinct: new Set(values).size,
			avgWeight: values.length ? values.reduce((a, v) => a + weight(v), 0) / values.length : 0,
			date: timeOnly ? null : profileDates(header, cells),
			timeOnly
		};
	});
}

/** Header synonyms, then the content rules. */
export function detectColumns(headers: string[], rows: string[][]): ColumnDetection {
	return detectByContent(headers, rows, detectMapping(headers));
}

export function detectByContent(headers: string[], rows: string[][], byHeader: Mapping): ColumnDetection {
	const mapping: Mapping = { ...byHeader };
	const found: Partial<Record<Field, Found>> = {};
	const alternatives: Partial<Record<Field, string[]>> = {};
	const dimensions: string[] = [];
	if (rows.length === 0) return { mapping, found, alternatives, dimensions };
	const profiles = profile(headers, rows);
	const byName = new Map(profiles.map((p) => [p.header, p]));
	const used = () => new Set(Object.values(mapping));
	const free = (p: Profile) => !used().has(p.header);
	const set = (f: Field, p: Profile, rule: FoundRule, other?: string) => {
		for (const g of FIELDS) if (mapping[g] === p.header) delete mapping[g];
		mapping[f] = p.header;
		found[f] = other ? { header: p.header, rule, other } : { header: p.header, rule };
	};
	const filled = (p: Profile) => p.nonEmpty >= 0.5 * rows.length;
	const dateCols = () => profiles.filter((p) => p.date && filled(p));
	const nearest = (to: Profile, list: Profile[]) => [...list].sort((a, b) => Math.abs(a.index - to.index) - Math.abs(b.index - to.index))[0];

	// 1. a date field named by its header, checked against its values
	for (const f of DATE_FIELDS) {
		const p = mapping[f] ? byName.get(mapping[f]!) : undefined;
		if (!p) continue;
		const tf = TIME_FIELD[f];
		if (p.timeOnly && tf) {
			// '时间' holds only clocks: the date is in another column
			const day = nearest(p, profiles.filter((q) => q.date?.dateOnly && filled(q) && (free(q) || q.header === mapping[f])));
			if (day) {
				delete mapping[f];
				set(f, day, 'combined', p.header);
				mapping[tf] = p.header;
				found[tf] = { header: p.header, rule: 'combined', other: day.header };
			}
			continue;
		}
		// a creation column by name whose values are no dates, while another column's are: rule 2 takes that one
		// (with none, the name stays and the import says the column holds no dates)
		if (!p.date && f === 'created_at' && profiles.some((q) => q.date && filled(q) && free(q))) delete mapping[f];
	}

	// 2. no creation time by name: the date-time columns, the earliest in most rows
	if (!mapping.created_at) {
		const cols = dateCols().filter(free);
		if (cols.length === 1) set('created_at', cols[0], 'datetimes');
		else if (cols.length > 1) {
			const wins = new Map(cols.map((c) => [c, 0]));
			rows.forEach((_, r) => {
				let best: Profile | null = null;
				for (const c of cols) {
					const m = c.date!.ms[r];
					if (m !== null && (best === null || m < best.date!.ms[r]!)) best = c;
				}
				if (best) wins.set(best, wins.get(best)! + 1);
			});
			const first = [...cols].sort((a, b) => wins.get(b)! - wins.get(a)! || a.index - b.index)[0];
			set('created_at', first, 'earliest');
		}
	}

	// 3. among readings of the same event, the unambiguous one
	for (const f of DATE_FIELDS) {
		const p = mapping[f] ? byName.get(mapping[f]!) : undefined;
		if (!p?.date?.ambiguous) continue;
		const same = dateCols().find((q) => q !== p && free(q) && !q.date!.ambiguous && sameEvent(p, q));
		if (same) set(f, same, 'unambiguous', p.header);
	}

	// 4. a date-only column and a time-only column of the same event
	for (const f of DATE_FIELDS) {
		const tf = TIME_FIELD[f];
		const p = mapping[f] ? byName.get(mapping[f]!) : undefined;
		if (!tf || !p?.date?.dateOnly || mapping[tf]) continue;
		const clock = nearest(p, profiles.filter((q) => q.timeOnly && free(q)));
		if (clock) {
			mapping[tf] = clock.header;
			found[tf] = { header: clock.header, rule: 'combined', other: p.header };
		}
	}

	// later date-times: candidates for first response and resolution
	const created = mapping.created_at ? byName.get(mapping.created_at) : undefined;
	const sameAsCreated = found.created_at?.rule === 'unambiguous' ? found.created_at.other : undefined;
	const others = dateCols().filter((q) => q !== created && free(q) && q.header !== sameAsCreated);
	if (others.length) {
		const later = others.filter((q) => !created?.date || laterInMostRows(q, created));
		for (const f of ['first_response_at', 'resolved_at'] as Field[]) if (!mapping[f] && later.length) alternatives[f] = later.map((q) => q.header);
		alternatives.created_at = others.map((q) => q.header);
	}

	// 5. the ticket id: unique id-like values; else strongly id-like values that repeat (an event log)
	if (!mapping.ticket_id) {
		const idLike = (p: Profile) => !p.date && !p.timeOnly && p.nonEmpty >= 0.95 * rows.length && p.cells.filter((v) => ID_LIKE.test(v)).length >= 0.95 * p.nonEmpty;
		const unique = profiles.filter((p) => free(p) && idLike(p) && p.distinct === p.nonEmpty && rows.length >= 3 && !p.cells.every((v) => /^\d+\.\d+$/.test(v)));
		const repeating = profiles.filter((p) => free(p) && idLike(p) && p.distinct < p.nonEmpty && p.distinct > 1 && p.cells.filter((v) => STRONG_ID.test(v)).length >= 0.95 * p.nonEmpty);
		if (unique.length) {
			set('ticket_id', unique[0], 'unique');
			if (unique.length > 1) alternatives.ticket_id = unique.slice(1).map((p) => p.header);
		} else if (repeating.length) set('ticket_id', repeating[0], 'repeating');
	}

	// 6. known words: statuses, priorities, channels, satisfaction labels
	const lowCard = (p: Profile) => !p.date && !p.timeOnly && p.nonEmpty > 0 && p.distinct <= 30 && (rows.length < 10 || p.distinct <= 0.5 * p.nonEmpty);
	const share = (p: Profile, ok: (v: string) => boolean) => p.cells.filter((v) => v !== '' && ok(v)).length / p.nonEmpty;
	const byWords: [Field, (v: string) => boolean][] = [
		['status', (v) => normaliseStatus(v) !== null],
		['priority', (v) => !/^\d+$/.test(v) && normalisePriority(v) !== null],
		['channel', (v) => CHANNEL_WORDS.test(v.trim())],
		['satisfaction', (v) => !/^\d+(\.\d+)?$/.test(v) && normaliseSatisfaction(v) !== null]
	];
	for (const [f, ok] of byWords) {
		if (mapping[f]) continue;
		const hit = profiles.find((p) => free(p) && lowCard(p) && p.distinct >= 2 && share(p, ok) >= 0.9);
		if (hit) set(f, hit, 'values');
	}

	// 7. the description: the longest free text
	if (!mapping.description) {
		const text = profiles
			.filter((p) => free(p) && !p.date && p.nonEmpty >= 0.3 * rows.length && p.avgWeight >= 30 && p.distinct >= 0.7 * p.nonEmpty)
			.sort((a, b) => b.avgWeight - a.avgWeight);
		if (text.length) set('description', text[0], 'longtext');
	}

	// 8. what stays custom and has few values: a dimension to group by
	for (const p of profiles) if (free(p) && lowCard(p) && p.distinct >= 2) dimensions.push(p.header);
	return { mapping, found, alternatives, dimensions };
}

/** Two date columns hold the same event: the same calendar day in ≥ 90% of the rows where both read, under one of
 * the first column's readings. */
function sameEvent(p: Profile, q: Profile): boolean {
	const day = (m: number | null) => (m === null ? null : Math.floor(m / 86400000));
	for (const reading of p.date!.readings) {
		let both = 0;
		let agree = 0;
		p.cells.forEach((v, r) => {
			const a = v === '' ? null : day(msOf(v, reading));
			const b = day(q.date!.ms[r]);
			if (a === null || b === null) return;
			both++;
			if (a === b) agree++;
		});
		if (both > 0 && agree >= 0.9 * both) return true;
	}
	return false;
}

function laterInMostRows(q: Profile, created: Profile): boolean {
	let later = 0;
	let both = 0;
	q.date!.ms.forEach((m, r) => {
		const c = created.date!.ms[r];
		if (m === null || c === null) return;
		both++;
		if (m >= c) later++;
	});
	return both === 0 || later >= 0.5 * both;
}
