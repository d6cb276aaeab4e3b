// Numbered schema migrations. Append only: never edit a migration that has shipped.
export interface Migration {
	id: number;
	name: string;
	sql: string;
}

const TICKET_COLUMNS = `
	ticket_id VARCHAR NOT NULL,
	created_at TIMESTAMP NOT NULL,
	first_response_at TIMESTAMP,
	resolved_at TIMESTAMP,
	channel VARCHAR,
	category VARCHAR,
	subcategory VARCHAR,
	priority VARCHAR,
	priority_raw VARCHAR,
	status VARCHAR,
	status_raw VARCHAR,
	emotion VARCHAR,
	error_code VARCHAR,
	product VARCHAR,
	region VARCHAR,
	segment VARCHAR,
	assignee VARCHAR,
	team VARCHAR,
	customer_ref VARCHAR,
	contact_last4 VARCHAR,
	subject VARCHAR,
	description VARCHAR,
	resolution VARCHAR,
	satisfaction DOUBLE,
	attrs JSON,
	import_id INTEGER NOT NULL,
	source_line INTEGER,
	row_hash UBIGINT NOT NULL`;

export const migrations: Migration[] = [
	{
		id: 1,
		name: 'tickets, imports, import_rejects',
		sql: `
CREATE SEQUENCE import_id_seq START 1;
CREATE TABLE imports (
	id INTEGER PRIMARY KEY DEFAULT nextval('import_id_seq'),
	file_name VARCHAR NOT NULL,
	sha256 VARCHAR NOT NULL,
	bytes BIGINT NOT NULL,
	encoding VARCHAR NOT NULL,
	delimiter VARCHAR NOT NULL,
	mapping JSON NOT NULL,
	date_formats JSON NOT NULL,
	rows_read INTEGER NOT NULL,
	rows_inserted INTEGER NOT NULL,
	rows_updated INTEGER NOT NULL,
	rows_unchanged INTEGER NOT NULL,
	rows_rejected INTEGER NOT NULL,
	rows_collapsed INTEGER NOT NULL,
	status VARCHAR NOT NULL,
	summary JSON NOT NULL,
	imported_at TIMESTAMP NOT NULL,
	undone_at TIMESTAMP
);
CREATE TABLE import_rejects (
	import_id INTEGER NOT NULL,
	line INTEGER,
	reason VARCHAR NOT NULL,
	raw VARCHAR
);
CREATE TABLE tickets (${TICKET_COLUMNS});
-- The version a later import replaced, so undoing that import can put it back.
CREATE TABLE ticket_history (replaced_by INTEGER NOT NULL, ${TICKET_COLUMNS});
`
	}
];
