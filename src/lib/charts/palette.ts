// Colours of split series: twelve distinct hues (the trend shows at most 12
// values and "Other"), none of them grey; "Other" is always grey.
export const SERIES_COLOURS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#1f3a93', '#bcbd22', '#6b2c91'];
export const OTHER_COLOUR = '#b8b8b8';

/** A colour scale for the keys in order: each its own colour ("Other" grey); past twelve, colours repeat. */
export function seriesColours(keys: string[]): { domain: string[]; range: string[] } {
	let i = 0;
	return { domain: keys, range: keys.map((k) => (k === 'Other' ? OTHER_COLOUR : SERIES_COLOURS[i++ % SERIES_COLOURS.length])) };
}
