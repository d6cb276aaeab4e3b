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

const LIST_TYPES = new Set(['INTEGER', 'BIGINT', 'DOUBLE', 'VARCHAR']);

/** SQL reading the named parameter, bound as JSON text, as a typed list: lists of any length (even empty) bind the same way. */
export function list(param: string, type: 'INTEGER' | 'BIGINT' | 'DOUBLE' | 'VARCHAR'): string {
	if (!isSimpleIdentifier(param) || !LIST_TYPES.has(type)) throw new Error(`bad list parameter ${param}::${type}`);
	return `CAST($${param}::JSON AS ${type}[])`;
}
