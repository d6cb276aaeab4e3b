// Identifiers in generated SQL come only from allow-lists or from names we made
// ourselves; this helper is the one way to quote them.
const SIMPLE = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isSimpleIdentifier(name: string): boolean {
	return SIMPLE.test(name);
}

/** Quote an identifier for DuckDB. Refuses anything but simple names: callers pass allow-listed names. */
export function ident(name: string): string {
	if (!isSimpleIdentifier(name)) throw new Error(`not an allowed SQL identifier: ${JSON.stringify(name)}`);
	return `"${name}"`;
}

/** A SQL string literal for constants we own (formats, regexes). Never for user input: bind that. */
export function literal(text: string): string {
	if (text.includes('\0')) throw new Error('NUL in SQL literal');
	return `'${text.replaceAll("'", "''")}'`;
}
