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

/** Migration 4 copies these between tickets and ticket_history (frozen here: a migration never changes). */
const TICKET_NAMES = `ticket_id, created_at, first_response_at, resolved_at, channel, category, subcategory, priority, priority_raw, status, status_raw, emotion, error_code, product, region, segment, assignee, team, customer_ref, contact_last4, subject, description, resolution, satisfaction, attrs, import_id, source_line, row_hash`;

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
		id: 4,
		name: 'Datasets: tickets, history, imports and cases belong to one dataset; tickets keyed by (dataset_id, ticket_id)',
		sql: `
-- tickets and ticket_history get their column first: DuckDB sets NOT NULL only before
-- the transaction writes to the table (0 is a placeholder, every row gets its dataset below).
ALTER TABLE tickets ADD COLUMN dataset_id INTEGER DEFAULT 0;
ALTER TABLE ticket_history ADD COLUMN dataset_id INTEGER DEFAULT 0;
ALTER TABLE tickets ALTER COLUMN dataset_id SET NOT NULL;
ALTER TABLE ticket_history ALTER COLUMN dataset_id SET NOT NULL;
ALTER TABLE tickets ALTER COLUMN dataset_id DROP DEFAULT;
ALTER TABLE ticket_history ALTER COLUMN dataset_id DROP DEFAULT;

-- A dataset is the stream of exports of one source system. language ('zh' | 'en')
-- is the language of its exports (messages about it, e.g. alerts); sample marks
-- the bundled sample (data/samples/).
CREATE SEQUENCE dataset_ids START 1;
CREATE TABLE datasets (
	id INTEGER PRIMARY KEY DEFAULT nextval('dataset_ids'),
	name VARCHAR NOT NULL UNIQUE,
	language VARCHAR NOT NULL DEFAULT 'zh',
	sample BOOLEAN NOT NULL DEFAULT false,
	created_at TIMESTAMP NOT NULL
);
-- One-time events of the workspace ('samples_seeded': the sample was loaded once and is not loaded again).
CREATE TABLE workspace_flags (name VARCHAR PRIMARY KEY, set_at TIMESTAMP NOT NULL);
INSERT INTO workspace_flags SELECT 'samples_seeded', min(imported_at) FROM imports HAVING count(*) > 0;

-- Existing imports: the bundled sample (by its file name) is one dataset; every other
-- import goes with the imports of the same source, told by the same mapping of
-- headers (weekly exports of one help desk map alike; two systems do not).
CREATE TEMP TABLE m4_source AS
SELECT id, CASE WHEN file_name IN ('tickets-2024H1.csv') THEN '#sample' ELSE mapping::VARCHAR END AS source FROM imports;
CREATE TEMP TABLE m4_groups AS
SELECT source, min(i.id) AS first_import, arg_min(i.file_name, i.id) AS first_file, min(i.imported_at) AS created,
	bool_or(regexp_matches(i.mapping::VARCHAR, '\\p{Han}')) AS han
FROM m4_source s JOIN imports i USING (id) GROUP BY source;
CREATE TEMP TABLE m4_named AS
SELECT *, CASE WHEN row_number() OVER (PARTITION BY base ORDER BY first_import) = 1 THEN base ELSE base || ' #' || first_import END AS name
FROM (SELECT *, CASE WHEN source = '#sample' THEN '示例数据'
	ELSE coalesce(nullif(regexp_replace(first_file, '(\\.(csv|tsv|txt))?(\\.gz)?$', '', 'i'), ''), 'import ' || first_import) END AS base
	FROM m4_groups);
INSERT INTO datasets (name, language, sample, created_at)
SELECT name, CASE WHEN source = '#sample' OR han THEN 'zh' ELSE 'en' END, source = '#sample', created FROM m4_named ORDER BY first_import;

-- imports and cases are rebuilt with their new columns: DuckDB (1.5) cannot replay an
-- ADD COLUMN on a table with a primary key from its write-ahead log after a crash.
-- headers: the file's headers in order (later exports are matched to a dataset by them);
-- for an existing import, its mapped headers and custom columns.
CREATE TABLE imports_v4 (
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
	undone_at TIMESTAMP,
	dataset_id INTEGER NOT NULL,
	headers JSON
);
INSERT INTO imports_v4
SELECT i.*, d.id,
	to_json(list_distinct(coalesce(json_extract_string(i.mapping, '$.*'), []) ||
		coalesce((SELECT json_keys(any_value(t.attrs)) FROM tickets t WHERE t.import_id = i.id AND t.attrs IS NOT NULL), [])))
FROM imports i JOIN m4_source s ON s.id = i.id JOIN m4_named n ON n.source = s.source JOIN datasets d ON d.name = n.name;
DROP TABLE imports;
ALTER TABLE imports_v4 RENAME TO imports;

-- a ticket, or a version kept for undo, belongs to the dataset of the import that wrote it
UPDATE tickets SET dataset_id = i.dataset_id FROM imports i WHERE i.id = tickets.import_id;
UPDATE ticket_history SET dataset_id = i.dataset_id FROM imports i WHERE i.id = ticket_history.import_id;
-- Two sources sharing a ticket id overwrote each other's ticket: the newest version of a
-- (dataset, ticket) that another dataset's import replaced is its current version again.
CREATE TEMP TABLE m4_lost AS
SELECT h.rowid AS rid FROM ticket_history h JOIN imports r ON r.id = h.replaced_by
WHERE r.dataset_id <> h.dataset_id
	AND NOT EXISTS (SELECT 1 FROM tickets t WHERE t.dataset_id = h.dataset_id AND t.ticket_id = h.ticket_id)
QUALIFY row_number() OVER (PARTITION BY h.dataset_id, h.ticket_id ORDER BY h.import_id DESC, h.replaced_by DESC) = 1;
INSERT INTO tickets (${TICKET_NAMES}, dataset_id)
SELECT ${TICKET_NAMES}, dataset_id FROM ticket_history WHERE rowid IN (SELECT rid FROM m4_lost);
DELETE FROM ticket_history WHERE rowid IN (SELECT rid FROM m4_lost);

-- a case belongs to the dataset holding most of its pinned tickets, else to the largest
INSERT INTO datasets (name, language, sample, created_at)
SELECT '数据集 1', 'zh', false, min(created_at) FROM cases HAVING count(*) > 0 AND NOT EXISTS (SELECT 1 FROM datasets);
CREATE TABLE cases_v4 (
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
	updated_at TIMESTAMP NOT NULL,
	dataset_id INTEGER NOT NULL
);
INSERT INTO cases_v4
SELECT c.*, coalesce(
	(SELECT t.dataset_id FROM pins p JOIN tickets t ON t.ticket_id = p.ticket_id WHERE p.case_id = c.id
	 GROUP BY t.dataset_id ORDER BY count(*) DESC, t.dataset_id LIMIT 1),
	(SELECT d.id FROM datasets d ORDER BY (SELECT count(*) FROM tickets t WHERE t.dataset_id = d.id) DESC, d.id LIMIT 1))
FROM cases c;
DROP TABLE cases;
ALTER TABLE cases_v4 RENAME TO cases;
DROP TABLE m4_source; DROP TABLE m4_groups; DROP TABLE m4_named; DROP TABLE m4_lost;
`
	},
	{
		id: 5,
		name: 'Sign-in attempts in the database; API token expiry',
		sql: `
-- one row per sign-in attempt whose password was checked and not (yet) right; tried_at = ms since epoch
CREATE TABLE signin_attempts (
	tried_at BIGINT NOT NULL,
	address VARCHAR NOT NULL,
	account VARCHAR NOT NULL
);
-- an API token's expiry (tokens without a row here do not expire). Its own table, not a column
-- added to api_tokens: DuckDB 1.5 cannot replay a WAL holding ALTER TABLE … ADD COLUMN on a table
-- whose key defaults to nextval() (a new database killed before its first checkpoint would not open)
CREATE TABLE api_token_expiry (
	token_id INTEGER PRIMARY KEY,
	expires_at TIMESTAMP NOT NULL
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
	},
	{
		id: 9,
		name: 'Event logs: events and reopenings per ticket',
		sql: `
-- an event log (ticket ids repeating, one row per change) keeps how many events each ticket had and how often it
-- went from resolved/closed back to open; NULL for tickets from exports with one row per ticket
ALTER TABLE tickets ADD COLUMN events INTEGER;
ALTER TABLE tickets ADD COLUMN reopened INTEGER;
ALTER TABLE ticket_history ADD COLUMN events INTEGER;
ALTER TABLE ticket_history ADD COLUMN reopened INTEGER;
`
	},
	{
		id: 7,
		name: 'Alerts: rules, fired alerts, deliveries, schedule state, case views',
		sql: `
CREATE SEQUENCE alert_ids START 1;
-- kind: spike (a Filter split by dim, at day or week grain) | review (a notebook sent weekly).
-- filter: the Filter's URL form without a window; destinations: [{id, kind, url?, to?, secret?}]
-- (server side only: the API sends a masked form). since: periods before it are not alerted.
CREATE TABLE alert_rules (
	id INTEGER PRIMARY KEY DEFAULT nextval('alert_ids'),
	dataset_id INTEGER,
	kind VARCHAR NOT NULL,
	name VARCHAR NOT NULL,
	filter VARCHAR NOT NULL,
	dim VARCHAR,
	grain VARCHAR NOT NULL,
	p DOUBLE NOT NULL,
	min_count INTEGER NOT NULL,
	min_rise_pct DOUBLE NOT NULL,
	lang VARCHAR NOT NULL,
	since DATE,
	notebook VARCHAR,
	case_id INTEGER,
	enabled BOOLEAN NOT NULL,
	destinations JSON NOT NULL,
	created_by VARCHAR,
	created_at TIMESTAMP NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
-- one alert per rule, key and period, whatever evaluates it and however often
CREATE TABLE alerts (
	id INTEGER PRIMARY KEY DEFAULT nextval('alert_ids'),
	rule_id INTEGER NOT NULL,
	key VARCHAR NOT NULL,
	period DATE NOT NULL,
	count INTEGER NOT NULL,
	baseline DOUBLE NOT NULL,
	change_pct DOUBLE,
	p DOUBLE NOT NULL,
	history INTEGER NOT NULL,
	fired_at TIMESTAMP NOT NULL,
	acknowledged_at TIMESTAMP,
	acknowledged_by VARCHAR,
	UNIQUE (rule_id, key, period)
);
-- every attempt to tell someone: an alert's message, a test message, a weekly review
CREATE TABLE deliveries (
	id INTEGER PRIMARY KEY DEFAULT nextval('alert_ids'),
	rule_id INTEGER NOT NULL,
	alert_id INTEGER,
	purpose VARCHAR NOT NULL,
	destination_id VARCHAR NOT NULL,
	kind VARCHAR NOT NULL,
	ok BOOLEAN NOT NULL,
	error VARCHAR,
	attempts INTEGER NOT NULL,
	sent_at TIMESTAMP NOT NULL
);
-- what a schedule last did (the weekly review's week, the last evaluation), so a restart neither repeats nor skips
CREATE TABLE schedule_state (
	name VARCHAR PRIMARY KEY,
	value VARCHAR NOT NULL,
	updated_at TIMESTAMP NOT NULL
);
-- when a user last looked at a case (new tickets since then)
CREATE TABLE case_views (
	case_id INTEGER NOT NULL,
	user_name VARCHAR NOT NULL,
	seen_at TIMESTAMP NOT NULL,
	PRIMARY KEY (case_id, user_name)
);
`
	}
];
