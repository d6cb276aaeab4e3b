// A small SVG element tree: what a chart function builds instead of markup, so
// a page renders it as elements (text as text nodes: SvgTree.svelte) and an
// export serialises it with every text and attribute escaped (svgString).

export type SvgChild = SvgNode | string;
export interface SvgNode {
	tag: 'svg' | 'g' | 'line' | 'path' | 'rect' | 'text' | 'tspan' | 'title';
	attrs: Record<string, string | number>;
	children?: SvgChild[];
}

export function escapeXml(s: string): string {
	return s.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

export function el(tag: SvgNode['tag'], attrs: SvgNode['attrs'], ...children: SvgChild[]): SvgNode {
	return children.length ? { tag, attrs, children } : { tag, attrs };
}

export function svgString(node: SvgChild): string {
	if (typeof node === 'string') return escapeXml(node);
	const attrs = Object.entries(node.attrs)
		.map(([k, v]) => ` ${k}="${escapeXml(String(v))}"`)
		.join('');
	return node.children?.length ? `<${node.tag}${attrs}>${node.children.map(svgString).join('')}</${node.tag}>` : `<${node.tag}${attrs}/>`;
}
