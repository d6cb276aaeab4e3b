// What an import reports: the CLI's last stdout line, POST /api/imports' body,
// and what the import page shows. Shared by server and browser.
import type { Field, Mapping } from './mapping';
import type { Found } from './content';

export interface DateChoice {
	header: string;
	/** The time-of-day column combined with it (Date + Time). */
	timeHeader?: string;
	format: string;
	order: string;
	ambiguous: boolean;
	alternatives: string[];
	parsed: number;
	unparsed: number;
	reason: string;
}

/** How an event log (ticket ids repeating) became one ticket per id. */
export interface EventLog {
	/** Rows read as events, and the tickets they make. */
	events: number;
	tickets: number;
	createdFrom: string;
	/** null: no resolution time (none mapped, and no status or event time to derive it). */
	resolvedFrom: string | null;
	/** Which event gives the ticket's state (status, priority, assignee …). */
	stateFrom: string;
}

export interface ImportSummary {
	importId: number;
	/** the dataset the tickets went into */
	dataset: { id: number; name: string };
	/** how it was decided: named by the user, matched by the file's columns against the dataset's last import, or new (named after the file) */
	datasetChoice: { how: 'chosen' | 'matched' | 'new'; shared?: number; of?: number; lastFile?: string | null };
	file: string;
	encoding: string;
	delimiter: string;
	rowsRead: number;
	rowsInserted: number;
	rowsUpdated: number;
	rowsUnchanged: number;
	rowsRejected: number;
	rowsCollapsed: number;
	rejects: { line: number | null; reason: string }[];
	mapping: Mapping;
	dates: Partial<Record<Field, DateChoice>>;
	/** Fields whose column was chosen by its values (a user should check them), and the other candidates. */
	found: Partial<Record<Field, Found>>;
	alternatives: Partial<Record<Field, string[]>>;
	/** Custom columns with few distinct values: good dimensions (attr.<header>). */
	dimensions: string[];
	eventLog: EventLog | null;
	/** An Excel workbook: the sheet imported and every sheet in it. */
	sheet?: string;
	sheets?: string[];
	junkLines: number;
	warnings: string[];
	seconds: number;
}
