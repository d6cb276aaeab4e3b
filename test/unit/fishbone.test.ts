import { describe, expect, it } from 'vitest';
import { escapeXml, fishboneSvg, fitText, textWidth, type Box, type FishboneCause } from '../../src/lib/charts/fishbone';
import { BONES, BONE_LABELS } from '../../src/lib/rca/model';

const bones = BONES.map((id) => ({ id, label: BONE_LABELS[id].zh }));

function overlaps(a: Box, b: Box): boolean {
	return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

/** 36 causes: per bone two roots, each with a child and a grandchild. */
function manyCauses(): FishboneCause[] {
	const out: FishboneCause[] = [];
	let id = 1;
	for (const b of BONES) {
		for (let k = 0; k < 2; k++) {
			const root = id++;
			out.push({ id: root, bone: b, parentId: null, text: `${b} 原因 ${k} 一段相当长的描述文字，用来检验截断是否生效`, status: 'unverified', count: 10 * k, share: 0.05 * k });
			const child = id++;
			out.push({ id: child, bone: b, parentId: root, text: `子原因 ${k}`, status: 'verified' });
			out.push({ id: id++, bone: b, parentId: child, text: `第三层 ${k}`, status: 'refuted' });
		}
	}
	return out;
}

describe('fishboneSvg', () => {
	it('escapes every user text, so a cause cannot inject markup', () => {
		const f = fishboneSvg({
			problem: '<script>alert(1)</script> & "quotes"',
			bones: [{ id: 'x"><g', label: '<b>bone</b>' }],
			causes: [{ id: 1, bone: 'x"><g', parentId: null, text: '<img src=x onerror=alert(1)>', status: 'unverified' }],
			lang: 'en'
		});
		expect(f.svg).not.toMatch(/<script|<img|<b>|"><g/);
		expect(f.svg).toContain('&lt;img src=x onerror=alert(1)&gt;');
		expect(f.svg).toContain('&lt;script&gt;');
		expect(f.svg).toContain('data-bone="x&quot;&gt;&lt;g"');
	});

	it('keeps 36 causes on three levels apart: no two texts overlap', () => {
		const causes = manyCauses();
		const f = fishboneSvg({ problem: '2024年4月 支付失败 较上月上升 85%', bones, causes, lang: 'zh' });
		const cs = f.boxes.filter((b) => b.kind === 'cause');
		expect(cs).toHaveLength(36);
		for (let i = 0; i < f.boxes.length; i++) for (let j = i + 1; j < f.boxes.length; j++) expect(overlaps(f.boxes[i], f.boxes[j]), `${f.boxes[i].kind} ${f.boxes[i].id} / ${f.boxes[j].kind} ${f.boxes[j].id}`).toBe(false);
		for (const b of f.boxes) {
			expect(b.x).toBeGreaterThanOrEqual(0);
			expect(b.x + b.width).toBeLessThanOrEqual(f.width);
			expect(b.y).toBeGreaterThanOrEqual(0);
			expect(b.y + b.height).toBeLessThanOrEqual(f.height);
		}
		// deeper causes are indented under their parent
		const x = (id: number) => cs.find((b) => b.id === String(id))!.x;
		expect(x(2)).toBeGreaterThan(x(1));
		expect(x(3)).toBeGreaterThan(x(2));
		// the diagram grows with the causes instead of squeezing them
		const small = fishboneSvg({ problem: 'p', bones, causes: causes.slice(0, 3), lang: 'zh' });
		expect(f.height).toBeGreaterThan(small.height);
	});

	it('marks each status and shows the count and share of a cause with a Filter', () => {
		const f = fishboneSvg({
			problem: 'p',
			bones,
			causes: [
				{ id: 1, bone: 'machine', parentId: null, text: 'E2001 网关超时', status: 'verified', count: 412, share: 0.62 },
				{ id: 2, bone: 'man', parentId: null, text: '新人话术', status: 'refuted' },
				{ id: 3, bone: 'method', parentId: null, text: '流程', status: 'inconclusive', count: 3, share: 0.004 },
				{ id: 4, bone: 'environment', parentId: null, text: '网络', status: 'unverified' }
			],
			lang: 'zh'
		});
		const g = (id: number) => f.svg.match(new RegExp(`<g class="cause" data-cause-id="${id}"[^]*?</g>`))![0];
		expect(g(1)).toContain('data-status="verified"');
		expect(g(1)).toContain('✓');
		expect(g(1)).toContain('· 412 (62%)');
		expect(g(1)).toContain('已验证');
		expect(g(2)).toContain('✗');
		expect(g(2)).toContain('line-through');
		expect(g(3)).toContain('· 3 (0.4%)');
		expect(g(3)).toContain('?');
		expect(g(4)).toContain('○');
		expect(g(4)).not.toContain(' · ');
		// a cause sits on its own bone's group
		expect(f.svg.match(/<g class="bone" data-bone="machine">[^]*?<\/g><\/g>/)![0]).toContain('E2001');
	});

	it('puts the six bones alternately above and below the spine, with their labels', () => {
		const f = fishboneSvg({ problem: 'p', bones, causes: [], lang: 'zh' });
		const labels = f.boxes.filter((b) => b.kind === 'bone');
		const head = f.boxes.find((b) => b.kind === 'head')!;
		expect(labels.map((b) => b.id)).toEqual(['man', 'material', 'environment', 'machine', 'method', 'measurement']);
		const up = labels.filter((b) => b.y < head.y);
		expect(up.map((b) => b.id)).toEqual(['man', 'material', 'environment']);
		for (const b of labels) expect(b.x + b.width).toBeLessThan(head.x);
		for (const l of ['人', '机', '料', '法', '环', '测']) expect(f.svg).toContain(`>${l}</text>`);
	});

	it('measures CJK wider than Latin and cuts long text with an ellipsis', () => {
		expect(textWidth('支付')).toBeGreaterThan(textWidth('ab'));
		expect(fitText('short', 200)).toBe('short');
		const cut = fitText('很长的原因描述'.repeat(10), 100);
		expect(cut.endsWith('…')).toBe(true);
		expect(textWidth(cut)).toBeLessThanOrEqual(100);
		expect(escapeXml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
	});
});
