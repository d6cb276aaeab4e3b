// A case as Markdown: problem, effect, fishbone (as a list per bone), 5-Why
// tree, causes with statuses and evidence, actions and their effect. User text
// is escaped so that no Markdown viewer renders it as HTML.
import { filterText } from '../../filters';
import { fmtPValue } from '../../format';
import { rcaLabel } from '../../rca/labels';
import { BONE_LABELS, buildTree, type BoneId, type Tree } from '../../rca/model';
import type { Store } from '../db';
import { actionEffect, caseCounts } from './analysis';
import { getCase, type Cause, type Why } from './cases';

const zh = (code: string | null | undefined) => rcaLabel('zh', code);

/**
 * Text safe in any Markdown context of this report (a heading, a list item, a paragraph, after
 * a label): no HTML (`&`, `<`, `>` as entities), no code spans, emphasis, links, images,
 * strikethrough or table cells (`` ` * _ [ ] # | ~ \ `` backslash-escaped), no line breaks or control
 * characters (spaces), and nothing at its start that would open a list, a heading or a quote.
 * Filters are shown the same way, not as code spans: a backtick in a value cannot end a span
 * that does not exist.
 */
export function md(s: string | null | undefined): string {
	return String(s ?? '')
		.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
		.replace(/&/g, '&amp;')
		.replace(/</g, '&lt;')
		.replace(/>/g, '&gt;')
		.replace(/([\\`*_[\]#|~])/g, '\\$1')
		.replace(/^(\s*)([-+=])/, '$1\\$2')
		.replace(/^(\s*\d+)([.)])/, '$1\\$2')
		// no autolinks: a viewer's Markdown would make a bare URL in user text clickable
		.replace(/:\/\//g, ':\\/\\/')
		.replace(/\bwww\./gi, (m) => `${m.slice(0, 3)}\\.`);
}

/** A Filter (its URL form) as escaped text. */
const filterMd = (query: string | null | undefined) => md(filterText(query)) || '—';

const pct = (x: number | null | undefined) => (x === null || x === undefined ? '—' : `${(x * 100).toFixed(1)}%`);
const both = (code: string | null | undefined) => `${zh(code)} ${rcaLabel('en', code)}`;
const TESTS: Record<string, string> = { two_proportion_z: '双比例 z 检验 two-proportion z-test', poisson_rate: '泊松率检验 Poisson rate test' };

export async function caseReport(store: Store, id: number): Promise<string> {
	const c = await getCase(store, id);
	const counts = await caseCounts(store, c);
	const out: string[] = [];
	out.push(`# ${md(c.title)}`, '');
	out.push(`- 状态 State: ${md(both(c.state))}${c.resolution ? ` — 结论 Resolution: ${md(both(c.resolution))}` : ''}`);
	if (c.owner) out.push(`- 负责人 Owner: ${md(c.owner)}`);
	out.push(`- 问题现象 Effect: ${filterMd(c.effect)}`);
	if (c.window) out.push(`- 分析窗口 Window: ${md(c.window.from)} – ${md(c.window.to)}: ${counts.window ?? '—'} 张工单`);
	if (c.baseline) out.push(`- 基线 Baseline: ${md(c.baseline.from)} – ${md(c.baseline.to)}: ${counts.baseline ?? '—'} 张工单`);
	out.push('', '## 问题定义 Problem', '', md(c.problem) || '—', '');

	out.push('## 鱼骨图 Fishbone (人机料法环测)', '');
	const causes = buildTree(c.causes);
	const pinLines = (pins: typeof c.pins, level: number) => pins.map((p) => `${'  '.repeat(level)}- 证据工单 Pinned ticket ${md(p.ticketId)}${p.note ? ` — ${md(p.note)}` : ''}`);
	const line = (n: Tree<Cause>, level: number): string[] => {
		const live = counts.causes[n.id];
		const head = `${'  '.repeat(level)}- [${md(zh(n.status))}] ${md(n.text)}${n.filter ? ` — ${filterMd(n.filter)}` : ''}${live ? ` — ${live.count} 张 (${pct(live.share)})` : ''}`;
		return [head, ...pinLines(c.pins.filter((p) => p.causeId === n.id), level + 1), ...n.children.flatMap((k) => line(k, level + 1))];
	};
	for (const bone of c.bones) {
		const label = bone.label ?? (BONE_LABELS[bone.id as BoneId] ? `${BONE_LABELS[bone.id as BoneId].zh} ${BONE_LABELS[bone.id as BoneId].en}` : bone.id);
		out.push(`### ${md(label)}`, '');
		const on = causes.filter((n) => n.bone === bone.id);
		out.push(...(on.length ? on.flatMap((n) => line(n, 0)) : ['- —']), '');
	}

	out.push('## 5 Why', '');
	const whyLine = (n: Tree<Why>, level: number): string[] => [
		`${'  '.repeat(level)}- ${level + 1}. ${md(n.text)}${n.root ? ' **(根因 root cause)**' : ''}${n.evidence ? ` — 证据: ${md(n.evidence)}` : ''}${n.filter ? ` — ${filterMd(n.filter)}` : ''}`,
		...pinLines(c.pins.filter((p) => p.whyId === n.id), level + 1),
		...n.children.flatMap((k) => whyLine(k, level + 1))
	];
	const whys = buildTree(c.whys);
	out.push(...(whys.length ? whys.flatMap((n) => whyLine(n, 0)) : ['—']), '');
	if (c.escapeCause) out.push(`逃逸原因 Escape cause: ${md(c.escapeCause)}`, '');

	out.push('## 验证 Verification', '');
	if (!c.verifications.length) out.push('—');
	for (const v of c.verifications) {
		const cause = c.causes.find((x) => x.id === v.causeId);
		let fig = '';
		if (v.figures) {
			const f = v.figures as { a: { count: number; exposure: number; rate: number | null }; b: { count: number; exposure: number; rate: number | null }; test: string; p: number };
			fig = ` — ${f.a.count}/${f.a.exposure} vs ${f.b.count}/${f.b.exposure}, ${TESTS[f.test] ?? f.test}, ${fmtPValue(f.p)}`;
		}
		out.push(`- ${md(v.at.slice(0, 16))} ${md(cause?.text ?? `#${v.causeId}`)}: ${md(zh(v.method))} → ${md(zh(v.result))}${fig}${v.note ? ` — ${md(v.note)}` : ''}`);
	}
	out.push('');

	out.push('## 纠正措施 Actions', '');
	if (!c.actions.length) out.push('—');
	for (const a of c.actions) {
		out.push(`- ${md(a.text)} — ${md(a.owner ?? '—')}, 截止 ${md(a.due ?? '—')}, ${md(zh(a.state))}${a.doneAt ? ` (完成 ${md(a.doneAt)})` : ''}`);
		if (a.doneAt) {
			try {
				const e = await actionEffect(store, a.id);
				out.push(`  - 效果 Effect: ${pct(e.before.rate)} (${md(e.before.from)} – ${md(e.before.to)}) → ${pct(e.after.rate)} (${md(e.after.from)} – ${md(e.after.to)}), ${fmtPValue(e.p)}: **${md(both(e.verdict))}**`);
			} catch (err) {
				out.push(`  - 效果 Effect: ${md((err as Error).message)}`);
			}
		}
	}
	out.push('');
	return out.join('\n');
}
