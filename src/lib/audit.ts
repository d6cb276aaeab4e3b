// An audit log entry as people read it: the route in words and the target
// decoded (支付失败, not %E6%94%AF…), the case it is about by its title. Pure.
import type { Lang } from './i18n';

const ACTIONS: Record<string, { zh: string; en: string }> = {
	'POST /api/imports': { zh: '导入工单', en: 'import' },
	'DELETE /api/imports/[id]': { zh: '撤销导入', en: 'undo an import' },
	'POST /api/cases': { zh: '新建案例', en: 'create a case' },
	'POST /cases/new': { zh: '新建案例', en: 'create a case' },
	'PATCH /api/cases/[id]': { zh: '修改案例', en: 'edit a case' },
	'POST /api/cases/[id]/causes': { zh: '添加原因', en: 'add a cause' },
	'PATCH /api/causes/[id]': { zh: '修改原因', en: 'edit a cause' },
	'DELETE /api/causes/[id]': { zh: '删除原因', en: 'delete a cause' },
	'POST /api/causes/[id]/verifications': { zh: '记录验证', en: 'record a verification' },
	'POST /api/cases/[id]/whys': { zh: '添加为什么', en: 'add a why' },
	'PATCH /api/whys/[id]': { zh: '修改为什么', en: 'edit a why' },
	'DELETE /api/whys/[id]': { zh: '删除为什么', en: 'delete a why' },
	'POST /api/whys/[id]/promote': { zh: '把根因加入鱼骨图', en: 'promote a why' },
	'POST /api/cases/[id]/actions': { zh: '添加措施', en: 'add an action' },
	'PATCH /api/actions/[id]': { zh: '修改措施', en: 'edit an action' },
	'POST /api/cases/[id]/pins': { zh: '钉选证据工单', en: 'pin a ticket' },
	'DELETE /api/pins/[id]': { zh: '取消钉选', en: 'unpin a ticket' },
	'POST /api/users': { zh: '新建用户', en: 'create a user' },
	'PATCH /api/users/[id]': { zh: '修改用户', en: 'change a user' },
	'POST /admin/users': { zh: '管理用户', en: 'manage users' },
	'POST /api/tokens': { zh: '创建 API 令牌', en: 'create an API token' },
	'DELETE /api/tokens/[id]': { zh: '吊销 API 令牌', en: 'revoke an API token' },
	'POST /account': { zh: '账号设置', en: 'account settings' },
	'POST /login': { zh: '登录', en: 'sign in' },
	'sign-in': { zh: '登录', en: 'sign in' },
	'sign-in failed': { zh: '登录失败', en: 'failed sign-in' },
	'POST /logout': { zh: '退出登录', en: 'sign out' }
};

/** The action in words ('PATCH /api/cases/[id]' → 修改案例); unknown ones as they are. */
export function auditAction(lang: Lang, action: string): string {
	return ACTIONS[action]?.[lang] ?? action;
}

const decode = (s: string) => {
	try {
		return decodeURIComponent(s.replace(/\+/g, ' '));
	} catch {
		return s;
	}
};

export interface ReadableTarget {
	/** The path, decoded. */
	path: string;
	/** Query parameters decoded; a nested Filter (effect=…) decoded too. */
	query: [string, string][];
	/** The case the target is about, when its path names one. */
	caseId: number | null;
}

export function auditTarget(target: string | null): ReadableTarget {
	if (!target) return { path: '', query: [], caseId: null };
	const [rawPath, rawQuery = ''] = target.split(/\?(.*)/s, 2);
	const query: [string, string][] = rawQuery
		.split('&')
		.filter(Boolean)
		.map((kv) => {
			const [k, v = ''] = kv.split(/=(.*)/s, 2);
			return [decode(k), decode(v)];
		});
	const m = /^\/(?:api\/)?cases\/(\d+)(?:\/|$)/.exec(rawPath);
	return { path: decode(rawPath), query, caseId: m ? Number(m[1]) : null };
}
