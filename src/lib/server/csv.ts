// CSV cells for downloads: quoted when needed and formula-safe. A spreadsheet
// runs a cell as a formula (or a DDE command) when it starts with = + - @ |, also
// in their full-width or small forms (＝ ＋ － ＠ ｜ ﹦ ﹢ ﹣ ﹫) and after leading
// spaces; a leading tab or CR, or a line break anywhere in the cell, can start a
// new cell or row in a reader that does not honour the quotes. Every such cell is
// prefixed with ' so the spreadsheet shows it as text.
const FORMULA_START = /^[=+\-@|\u2212]/;

export function formulaRisk(t: string): boolean {
	if (/^[\t\r]/.test(t) || /[\r\n]/.test(t)) return true;
	const head = t.replace(/^[\s\u00a0\u3000\ufeff]+/, '').slice(0, 2).normalize('NFKC');
	return FORMULA_START.test(head);
}

export function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	let t = typeof value === 'string' ? value : String(value);
	if (formulaRisk(t)) t = `'${t}`;
	return /[",\r\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
}
