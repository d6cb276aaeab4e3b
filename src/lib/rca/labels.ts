// The words of the RCA model in the UI languages: cause statuses, verification
// methods and results, action states, effect verdicts. One place, for the case
// page, the report and the Markdown export.
import type { Lang } from '../i18n';

const WORDS: Record<string, { zh: string; en: string }> = {
	unverified: { zh: '待验证', en: 'unverified' },
	verified: { zh: '已验证', en: 'verified' },
	refuted: { zh: '已否定', en: 'refuted' },
	inconclusive: { zh: '无定论', en: 'inconclusive' },
	test: { zh: '测试复现', en: 'test' },
	callback: { zh: '客户回访', en: 'customer callback' },
	data_comparison: { zh: '数据对比', en: 'data comparison' },
	log_analysis: { zh: '日志分析', en: 'log analysis' },
	confirmed: { zh: '证实', en: 'confirmed' },
	open: { zh: '未开始', en: 'open' },
	doing: { zh: '进行中', en: 'doing' },
	done: { zh: '已完成', en: 'done' },
	cancelled: { zh: '已取消', en: 'cancelled' },
	improved: { zh: '改善', en: 'improved' },
	no_change: { zh: '无明显变化', en: 'no change' },
	worse: { zh: '恶化', en: 'worse' },
	new: { zh: '新建', en: 'new' },
	analysing: { zh: '分析中', en: 'analysing' },
	fixing: { zh: '整改中', en: 'fixing' },
	resolved: { zh: '已解决', en: 'resolved' },
	closed: { zh: '已关闭', en: 'closed' },
	fix_applied: { zh: '已修复', en: 'fix applied' },
	duplicate: { zh: '重复', en: 'duplicate' },
	risk_accepted: { zh: '接受风险', en: 'risk accepted' }
};

/** The word for a status, method, result, action state, verdict or resolution code; unknown codes as they are. */
export function rcaLabel(lang: Lang, code: string | null | undefined): string {
	if (!code) return '';
	return WORDS[code]?.[lang] ?? code;
}
