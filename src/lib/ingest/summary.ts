// What an import reports: the CLI's last stdout line, POST /api/imports' body,
// and what the import page shows. Shared by server and browser.
import type { Field, Mapping } from './mapping';

export interface DateChoice {
	header: string;
	format: string;
	order: string;
	ambiguous: boolean;
	alternatives: string[];
	parsed: number;
	unparsed: number;
	reason: string;
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
	junkLines: number;
	warnings: string[];
	seconds: number;
}
