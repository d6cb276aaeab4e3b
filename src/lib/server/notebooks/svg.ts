// Observable Plot on the server: the same Plot options the pages draw, rendered
// into a DOM-less document (linkedom) and serialised, so a notebook's charts are
// inline SVG in the page and in the standalone HTML report.
import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';

let doc: Document | null = null;

export function plotToSvg(options: Plot.PlotOptions): string {
	doc ??= parseHTML('<!doctype html><html><head></head><body></body></html>').document as unknown as Document;
	const el = Plot.plot({ ...options, document: doc });
	return el.outerHTML;
}
