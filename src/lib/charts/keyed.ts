// Clicking a chart drills down: a mark's elements carry data-key (the value
// they stand for), set in Plot's render hook; the chart component listens once.
import type { RenderFunction } from '@observablehq/plot';

export function keyed(keyOf: (i: number) => string): RenderFunction {
	return (index, scales, values, dimensions, context, next) => {
		const g = next!(index, scales, values, dimensions, context) as SVGElement;
		const items = g.children;
		for (let j = 0; j < items.length && j < index.length; j++) {
			items[j].setAttribute('data-key', keyOf(index[j]));
			(items[j] as SVGElement).style.cursor = 'pointer';
		}
		return g;
	};
}
