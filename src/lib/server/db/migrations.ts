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
	},
	{
		id: 2,
		name: 'RCA: cases, causes, whys, verifications, actions, pinned tickets',
		sql: `
CREATE SEQUENCE rca_ids START 1;
-- A case explains an effect (a Filter in its URL form) over an analysis window
-- against a baseline window. bones: [{id, label}] — the six Ms, renamable, per case.
CREATE TABLE cases (
	id INTEGER PRIMARY KEY DEFAULT nextval('rca_ids'),
	title VARCHAR NOT NULL,
	problem VARCHAR NOT NULL,
	effect VARCHAR NOT NULL,
	window_from DATE,
	window_to DATE,
	baseline_from DATE,
	baseline_to DATE,
	owner VARCHAR,
	state VARCHAR NOT NULL,
	resolution VARCHAR,
	bones JSON NOT NULL,
	escape_cause VARCHAR,
	version INTEGER NOT NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE TABLE causes (
	id INTEGER PRIMARY KEY DEFAULT nextval('rca_ids'),
	case_id INTEGER NOT NULL,
	parent_id INTEGER,
	bone VARCHAR NOT NULL,
	text VARCHAR NOT NULL,
	filter VARCHAR,
	status VARCHAR NOT NULL,
	from_why INTEGER,
	position INTEGER NOT NULL,
	version INTEGER NOT NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
CREATE TABLE whys (
	id INTEGER PRIMARY KEY DEFAULT nextval('rca_ids'),
	case_id INTEGER NOT NULL,
	parent_id INTEGER,
	text VARCHAR NOT NULL,
	evidence VARCHAR,
	filter VARCHAR,
	root BOOLEAN NOT NULL,
	cause_id INTEGER,
	position INTEGER NOT NULL,
	version INTEGER NOT NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
-- A cause's status changes only through one of these; figures hold a computed comparison.
CREATE TABLE verifications (
	id INTEGER PRIMARY KEY DEFAULT nextval('rca_ids'),
	case_id INTEGER NOT NULL,
	cause_id INTEGER NOT NULL,
	method VARCHAR NOT NULL,
	result VARCHAR NOT NULL,
	note VARCHAR,
	figures JSON,
	who VARCHAR,
	recorded_at TIMESTAMP NOT NULL
);
CREATE TABLE actions (
	id INTEGER PRIMARY KEY DEFAULT nextval('rca_ids'),
	case_id INTEGER NOT NULL,
	cause_id INTEGER,
	text VARCHAR NOT NULL,
	owner VARCHAR,
	due DATE,
	state VARCHAR NOT NULL,
	done_at DATE,
	version INTEGER NOT NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
-- Example tickets pinned to a cause or a why.
CREATE TABLE pins (
	id INTEGER PRIMARY KEY DEFAULT nextval('rca_ids'),
	case_id INTEGER NOT NULL,
	cause_id INTEGER,
	why_id INTEGER,
	ticket_id VARCHAR NOT NULL,
	note VARCHAR,
	pinned_at TIMESTAMP NOT NULL
);
`
	},
	{
		id: 3,
		name: 'Accounts: users, sessions, API tokens, audit log',
		sql: `
CREATE SEQUENCE auth_ids START 1;
-- role: viewer | analyst | admin; password_hash: bcrypt
CREATE TABLE users (
	id INTEGER PRIMARY KEY DEFAULT nextval('auth_ids'),
	name VARCHAR NOT NULL UNIQUE,
	role VARCHAR NOT NULL,
	password_hash VARCHAR NOT NULL,
	disabled BOOLEAN NOT NULL DEFAULT false,
	created_at TIMESTAMP NOT NULL
);
-- a browser session: the cookie holds a random token, the table its SHA-256
CREATE TABLE sessions (
	token_hash VARCHAR PRIMARY KEY,
	user_id INTEGER NOT NULL,
	created_at TIMESTAMP NOT NULL,
	expires_at TIMESTAMP NOT NULL
);
-- a token for scripts (Authorization: Bearer …), shown once, stored as its SHA-256
CREATE TABLE api_tokens (
	id INTEGER PRIMARY KEY DEFAULT nextval('auth_ids'),
	user_id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	token_hash VARCHAR NOT NULL UNIQUE,
	created_at TIMESTAMP NOT NULL,
	last_used_at TIMESTAMP,
	revoked_at TIMESTAMP
);
-- every write: who, when (wall clock in CAUSEWAY_TZ), what
CREATE SEQUENCE audit_ids START 1;
CREATE TABLE audit_log (
	id BIGINT PRIMARY KEY DEFAULT nextval('audit_ids'),
	logged_at TIMESTAMP NOT NULL,
	user_name VARCHAR,
	role VARCHAR,
	action VARCHAR NOT NULL,
	target VARCHAR,
	status INTEGER,
	detail JSON
);
`
	},
	{
		id: 6,
		name: 'Text: terms per ticket, phrases, dictionary and stop words, themes',
		sql: `
-- a dataset's vocabulary: every term found in its tickets' subject and description
CREATE TABLE text_terms (
	dataset_id INTEGER NOT NULL,
	id INTEGER NOT NULL,
	term VARCHAR NOT NULL,
	PRIMARY KEY (dataset_id, id)
);
-- the distinct terms of one ticket, as text_terms ids (src/lib/server/text/)
CREATE TABLE ticket_terms (
	dataset_id INTEGER NOT NULL,
	ticket_id VARCHAR NOT NULL,
	term_ids INTEGER[] NOT NULL
);
-- adjacent word pairs found frequent in the dataset, indexed as terms
CREATE TABLE text_phrases (
	dataset_id INTEGER NOT NULL,
	phrase VARCHAR NOT NULL,
	a VARCHAR NOT NULL,
	b VARCHAR NOT NULL,
	PRIMARY KEY (dataset_id, phrase)
);
-- a dataset's own words kept whole and extra stop words; a row means the dataset is indexed
CREATE TABLE text_settings (
	dataset_id INTEGER PRIMARY KEY,
	dictionary JSON NOT NULL,
	stop_words JSON NOT NULL,
	version INTEGER NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
-- a named set of terms; a ticket is in the theme when it mentions any of them
CREATE SEQUENCE theme_ids START 1;
CREATE TABLE themes (
	id INTEGER PRIMARY KEY DEFAULT nextval('theme_ids'),
	dataset_id INTEGER NOT NULL,
	name VARCHAR NOT NULL,
	terms JSON NOT NULL,
	version INTEGER NOT NULL,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL,
	UNIQUE (dataset_id, name)
);
`
	}
];
