// CSV cells for downloads: quoted when needed and formula-safe (a cell starting
// with = + - @ or a tab/CR is prefixed with ' so a spreadsheet shows it as text).
export function csvCell(value: unknown): string {
	if (value === null || value === undefined) return '';
	let t = typeof value === 'string' ? value : String(value);
	if (/^[=+\-@\t\r]/.test(t)) t = `'${t}`;
	return /[",\r\n]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
}
