// Normalising source values: NULL tokens, priorities, statuses, satisfaction,
// error codes, and the privacy masks the seeds require. Pure; the importer applies
// these to each column's distinct values (and mirrors the per-row masks in SQL).

export const NULL_TOKENS = ['', '?', 'n/a', 'na', 'null', 'none', '-', '--', '—', '#n/a', 'nil', '无', '空'];
const NULLS = new Set(NULL_TOKENS);

export function cleanValue(v: string | null | undefined): string | null {
	if (v == null) return null;
	const t = v.trim();
	return NULLS.has(t.toLowerCase()) ? null : t;
}

export type Priority = 'P0' | 'P1' | 'P2' | 'P3';
export const PRIORITIES: Priority[] = ['P0', 'P1', 'P2', 'P3'];

const PRIORITY_WORDS: [RegExp, Priority][] = [
	[/^(紧急|特急|加急|非常紧急|严重|致命|critical|urgent|highest|blocker|emergency|immediate|sev ?1|s1)$/, 'P0'],
	[/^(重要|高|较高|high|major|sev ?2|s2)$/, 'P1'],
	[/^(一般|中|普通|正常|normal|medium|moderate|minor|sev ?3|s3)$/, 'P2'],
	[/^(非紧急|低|较低|不紧急|low|lowest|trivial|planning|sev ?4|s4)$/, 'P3']
];

/** P0–P3 from P0/P1/P2, 紧急/一般/非紧急, Urgent/High/Normal/Low, Highest…Lowest, "1 - Critical". */
export function normalisePriority(raw: string | null): Priority | null {
	const v = cleanValue(raw);
	if (v === null) return null;
	const t = v.toLowerCase();
	const p = /^p\s*([0-9])$/.exec(t);
	if (p) return PRIORITIES[Math.min(3, Number(p[1]))];
	// "1 - Critical", "3 - Moderate": the word decides; a bare number 1–4 counts from P0
	const numbered = /^([0-9])\s*[-–.:)]\s*(.+)$/.exec(t);
	const word = (numbered ? numbered[2] : t).trim();
	for (const [re, pr] of PRIORITY_WORDS) if (re.test(word)) return pr;
	if (numbered) return PRIORITIES[Math.min(3, Math.max(0, Number(numbered[1]) - 1))];
	if (/^[1-5]$/.test(t)) return PRIORITIES[Math.min(3, Number(t) - 1)];
	return null;
}

export type Status = 'open' | 'pending' | 'resolved' | 'closed';

const STATUS_WORDS: [RegExp, Status][] = [
	[/^(closed|close|cancel+ed|canceled|rejected|已关闭|关闭|已结案|结案|已撤销|已取消|已完结|完结|已办结|办结)/, 'closed'],
	[/^(resolved|solved|done|fixed|completed|complete|已解决|已处理|处理完成|已完成|完成|已回复|已答复)/, 'resolved'],
	[/^(pending|in progress|in-progress|on hold|hold|awaiting|waiting|active|assigned|work in progress|forward|transferred|escalated|处理中|办理中|跟进中|处理反馈|待回复|待确认|已转派|转派|挂起|进行中|待客户|跟进)/, 'pending'],
	[/^(open|new|reopened|created|submitted|unassigned|待处理|新建|未处理|已受理|受理|信息审核|待审核|未解决|待分配)/, 'open']
];

/** open / pending / resolved / closed, or null when the word is unknown (the raw value is kept). */
export function normaliseStatus(raw: string | null): Status | null {
	const v = cleanValue(raw);
	if (v === null) return null;
	const t = v.toLowerCase();
	for (const [re, st] of STATUS_WORDS) if (re.test(t)) return st;
	return null;
}

const SATISFACTION_WORDS: [RegExp, number][] = [
	[/^(非常满意|很满意|十分满意|very satisfied|excellent|very good|great)$/, 5],
	[/^(满意|satisfied|good|positive|好评)$/, 4],
	[/^(基本满意|一般|还行|neutral|ok|okay|average|fair|中评)$/, 3],
	[/^(不满意|dissatisfied|unsatisfied|bad|poor|negative|差评)$/, 2],
	[/^(非常不满意|很不满意|very dissatisfied|very bad|terrible|awful)$/, 1]
];

// longest first, so 不满意 is not read as 满意
const LABEL_PREFIXES: [string, number][] = [
	['非常不满意', 1],
	['很不满意', 1],
	['非常满意', 5],
	['很满意', 5],
	['基本满意', 3],
	['不满意', 2],
	['满意', 4]
];

/** 1–5 from numbers or labels (满意/基本满意/不满意, Good/Bad); null for anything else. */
export function normaliseSatisfaction(raw: string | null): number | null {
	const v = cleanValue(raw);
	if (v === null) return null;
	const t = v.toLowerCase().replace(/[，,。.!！]+$/, '');
	if (/^\d+(\.\d+)?$/.test(t)) {
		const n = Number(t);
		return n >= 1 && n <= 5 ? n : null;
	}
	const stars = /^(\d)(\s*(星|分|stars?))$/.exec(t);
	if (stars) return Math.min(5, Math.max(1, Number(stars[1])));
	for (const [re, n] of SATISFACTION_WORDS) if (re.test(t)) return n;
	// feedback text that starts with a label: "满意，期待师傅上门"
	for (const [label, n] of LABEL_PREFIXES) if (t.startsWith(label)) return n;
	return null;
}

/** "技术故障/登录异常" → ['技术故障', '登录异常']; a value without a slash is all category. */
export function splitCategory(raw: string | null): [string | null, string | null] {
	const v = cleanValue(raw);
	if (v === null) return [null, null];
	const i = v.search(/[/／]/);
	if (i < 0) return [v, null];
	return [cleanValue(v.slice(0, i)), cleanValue(v.slice(i + 1))];
}

/** Error-code column values like "J300,O348," → "J300,O348". */
export function cleanErrorCode(raw: string | null): string | null {
	const v = cleanValue(raw);
	if (v === null) return null;
	return cleanValue(v.replace(/[,，;；\s]+$/g, '').replace(/^[,，;；\s]+/, ''));
}

// Error codes inside free text: after a keyword (错误码:E1002, error code E-1002), else a bare E1234.
// The SQL side uses the same two patterns (RE2 syntax is a subset of these).
export const ERROR_CODE_KEYWORD_RE = '(?i)(?:错误码|错误代码|故障码|error code|errorcode|err code)[\\s:：=#]*([A-Za-z]{1,3}-?[0-9]{3,5})';
export const ERROR_CODE_BARE_RE = '\\b(E[0-9]{4})\\b';

export function liftErrorCode(...texts: (string | null)[]): string | null {
	const kw = new RegExp(ERROR_CODE_KEYWORD_RE.replace('(?i)', ''), 'i');
	const bare = new RegExp(ERROR_CODE_BARE_RE);
	for (const t of texts) {
		if (!t) continue;
		const m = kw.exec(t);
		if (m) return m[1].toUpperCase();
	}
	for (const t of texts) {
		if (!t) continue;
		const m = bare.exec(t);
		if (m) return m[1];
	}
	return null;
}

// --- privacy ---------------------------------------------------------------

/** Mainland mobile numbers (optionally +86) inside text. Group 1: what precedes, 2: last four, 3: what follows. */
export const PHONE_IN_TEXT_RE = '(^|[^0-9])(?:\\+?86[- ]?)?1[3-9][0-9][- ]?[0-9]{4}[- ]?([0-9]{4})($|[^0-9])';
const PHONE_IN_TEXT = new RegExp(PHONE_IN_TEXT_RE, 'g');

/** Mask every mobile number in free text to its last four digits: 13812345678 → *******5678. */
export function maskPhonesInText(text: string): string {
	// twice: adjacent numbers share the separator the first pass consumed
	const once = text.replace(PHONE_IN_TEXT, '$1*******$2$3');
	return once.replace(PHONE_IN_TEXT, '$1*******$2$3');
}

/** 张三 → 张*, Marisa Obrien → M*; already masked values (containing *) stay; digits reduced to the last four. */
export function maskName(raw: string | null): string | null {
	const v = cleanValue(raw);
	if (v === null) return null;
	if (v.includes('*')) return v.replace(/[0-9]{5,}/g, (d) => d.slice(-4));
	return [...v][0] + '*';
}

/** Contact → the last 4 digits (phones), or ***@domain (e-mail); nothing else of it is kept. */
export function contactLast4(raw: string | null): string | null {
	const v = cleanValue(raw);
	if (v === null) return null;
	const at = v.indexOf('@');
	if (at > 0) return '***' + v.slice(at);
	const digits = v.replace(/[^0-9]/g, '');
	if (digits.length === 0) return null;
	return digits.slice(-4);
}
