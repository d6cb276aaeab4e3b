// A notebook after its SQL has run: what the page and the standalone report
// both draw. Prose is a Markdown tree, results are rows, charts are their spec
// (drawn by whoever shows them: Plot in the browser, Plot on linkedom for the report).
import type { ChartSpec } from './parse';
import type { Block } from './markdown';

export type RenderedCell =
	| { kind: 'md'; blocks: Block[] }
	| { kind: 'sql'; name: string; sql: string; line: number; hidden: boolean; columns: string[]; rows: Record<string, unknown>[]; truncated: boolean; /** cut at the result-size limit rather than the row cap */ truncatedBy?: 'bytes'; ms: number; error?: string }
	| { kind: 'chart'; line: number; spec: ChartSpec | null; error?: string };

export interface RenderedNotebook {
	title: string;
	params: Record<string, string>;
	/** The week (or Filter window) the notebook ran on. */
	window?: { from: string; to: string } | null;
	cells: RenderedCell[];
}

/** The named results a chart draws from: every SQL cell that ran. */
export function resultsOf(cells: RenderedCell[]): Record<string, Record<string, unknown>[]> {
	const out: Record<string, Record<string, unknown>[]> = {};
	for (const c of cells) if (c.kind === 'sql' && !c.error) out[c.name] = c.rows;
	return out;
}
