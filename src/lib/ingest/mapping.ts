// Mapping source headers to the canonical ticket fields, by synonyms in Chinese
// and English. Pure: the import page shows and edits the same mapping.
import { RefusedError, shown } from './sniff';

/** Fields a source column can be mapped to. Most are ticket columns; a few steer the import. */
export const FIELDS = [
	'ticket_id',
	'created_at',
	'created_time',
	'first_response_at',
	'first_response_time',
	'resolved_at',
	'resolved_time',
	'updated_at',
	'mod_count',
	'channel',
	'category',
	'subcategory',
	'priority',
	'status',
	'emotion',
	'error_code',
	'attachment',
	'product',
	'region',
	'segment',
	'assignee',
	'team',
	'customer_name',
	'contact',
	'subject',
	'description',
	'resolution',
	'satisfaction'
] as const;
export type Field = (typeof FIELDS)[number];
export type Mapping = Partial<Record<Field, string>>;

/** What each field means, for the mapping table in the UI. */
export const FIELD_NOTES: Record<Field, { en: string; zh: string }> = {
	ticket_id: { en: 'Ticket id (upsert key; none → content hash)', zh: '工单号（更新依据；无则按内容生成）' },
	created_at: { en: 'Creation time (required)', zh: '创建时间（必填）' },
	created_time: { en: 'Time of day of the creation (combined with its date column)', zh: '创建时刻（与日期列合并）' },
	first_response_at: { en: 'First response time', zh: '首次响应时间' },
	first_response_time: { en: 'Time of day of the first response (combined with its date column)', zh: '首次响应时刻（与日期列合并）' },
	resolved_at: { en: 'Resolved time', zh: '解决时间' },
	resolved_time: { en: 'Time of day of the resolution (combined with its date column)', zh: '解决时刻（与日期列合并）' },
	updated_at: { en: 'Last update (picks the latest row of an event log)', zh: '最后更新时间（事件日志取最新）' },
	mod_count: { en: 'Modification count (picks the latest row of an event log)', zh: '修改次数（事件日志取最新）' },
	channel: { en: 'Channel', zh: '渠道' },
	category: { en: 'Category (split on / when the header says two levels)', zh: '问题类型（表头为一级/二级时按 / 拆分）' },
	subcategory: { en: 'Subcategory', zh: '二级分类' },
	priority: { en: 'Priority → P0–P3', zh: '优先级 → P0–P3' },
	status: { en: 'Status → open/pending/resolved/closed', zh: '处理状态' },
	emotion: { en: 'Customer emotion', zh: '客户情绪' },
	error_code: { en: 'Error code', zh: '错误码' },
	attachment: { en: 'Attachment note (error codes are lifted from it)', zh: '附件信息（从中提取错误码）' },
	product: { en: 'Product / version', zh: '产品 / 版本' },
	region: { en: 'Region', zh: '地区' },
	segment: { en: 'Customer segment', zh: '客户类型' },
	assignee: { en: 'Assignee (agent)', zh: '受理人' },
	team: { en: 'Team / department', zh: '转派部门' },
	customer_name: { en: 'Customer name (masked to 张*)', zh: '客户姓名（脱敏为 张*）' },
	contact: { en: 'Contact (only the last 4 digits kept)', zh: '联系方式（仅保留后四位）' },
	subject: { en: 'Subject', zh: '标题' },
	description: { en: 'Description', zh: '问题描述' },
	resolution: { en: 'Resolution', zh: '解决方案' },
	satisfaction: { en: 'Satisfaction → 1–5', zh: '满意度 → 1–5' }
};

/** Synonyms, best first. Compared after normalising (lower case, no spaces, _ - or punctuation). */
const SYNONYMS: Record<Field, string[]> = {
	created_time: ['created time of day', '创建时刻'],
	first_response_time: ['first response time of day', '首次响应时刻'],
	resolved_time: ['resolved time of day', '解决时刻'],
	ticket_id: ['ticket id', 'ticket_id', 'ticket number', 'ticket no', 'issue key', 'case id', 'case number', 'complaint id', 'incident id', 'incident number', 'request number', 'reference', 'reference number', 'ref', 'number', 'srnumber', 'sr number', 'request id', 'id', 'key', '工单号', '工单编号', '工单id', '工单号码', '客户编号', '投诉编号', '投诉单号', '诉求编号', '受理编号', '受理号', '流水号', '单号', '编号'],
	created_at: ['created at', 'created_at', 'created', 'creation date', 'creation time', 'date created', 'created date', 'created on', 'createddate', 'opened_at', 'opened at', 'opened', 'open date', 'opened date', 'date opened', 'date received', 'received', 'received at', 'received date', 'reported at', 'reported date', 'date reported', 'submitted at', 'submitted', 'submission date', 'logged at', 'create time', 'date', '创建时间', '问题发生时间', '沟通时间', '投诉时间', '投诉日期', '受理时间', '受理日期', '登记时间', '来电时间', '来电日期', '提交时间', '发生时间', '反馈时间', '诉求时间', '工单创建时间', '建单时间', '派单时间', '处理时间', '时间', '日期'],
	first_response_at: ['first response time', 'first response at', 'first_response_at', 'first responded at', 'first reply time', 'first reply at', 'reply time', 'replied at', 'response time', 'responded at', '首次响应时间', '首次回复时间', '响应时间', '回复时间', '答复时间', '首次处理时间'],
	resolved_at: ['resolved at', 'resolved_at', 'resolved', 'resolved date', 'solved at', 'resolution time', 'resolution date', 'time to resolution', 'date resolved', 'closed at', 'closed_at', 'closeddate', 'closed date', 'close date', 'date closed', 'completed at', 'completion date', '解决时间', '完成时间', '关闭时间', '结案时间', '办结时间', '办结日期', '结单时间', '办理完成时间'],
	updated_at: ['updated at', 'updated_at', 'sys_updated_at', 'updated', 'updateddate', 'last updated', 'last modified', 'modified', '更新时间', '最后更新时间', '修改时间'],
	mod_count: ['sys_mod_count', 'mod count', 'modification count', 'revision', '修改次数'],
	channel: ['channel', 'via', 'ticket channel', 'contact_type', 'contact type', 'submitted via', 'received via', 'requestsource', 'request source', 'source', 'origin', 'intake channel', 'contact channel', '沟通渠道', '首次联系渠道', '联系渠道', '受理渠道', '来源渠道', '投诉渠道', '诉求渠道', '工单来源', '来电方式', '渠道', '来源'],
	category: ['category', 'ticket type', 'category/subcategory', 'category/sub-category', 'type/subtype', 'issue', 'requesttype', 'request type', 'type', 'problem type', 'issue type', '问题类型（一级/二级）', '问题类型(一级/二级)', '问题类型', '问题分类', '一级分类', '投诉类型', '咨询/问题类型', '分类', '类型'],
	subcategory: ['subcategory', 'sub-category', 'sub category', 'sub-issue', 'sub issue', '二级分类', '问题子类', '子类'],
	priority: ['priority', 'ticket priority', 'severity', 'urgency', 'impact', '优先级', '紧急程度', '紧急度', '严重程度', '重要程度', '影响程度', '影响度'],
	status: ['status', 'ticket status', 'incident_state', 'incident state', 'stage', '处理状态', '当前状态', '投诉状态', '状态'],
	emotion: ['emotion', 'sentiment', 'customer emotion', 'mood', '客户情绪', '情绪'],
	error_code: ['error code', 'error_code', 'errorcode', 'fault code', '错误码', '错误代码', '故障码', '典型问题'],
	attachment: ['attachment', 'attachments', '附件信息', '附件', '关联附件'],
	product: ['product', 'product purchased', 'product version', 'version', 'app version', '产品', '产品版本', '产品型号', '型号', '投诉车系'],
	region: ['region', 'area', 'location', 'city', 'province', 'country', 'district', 'borough', '地区', '区域', '省份', '省', '城市', '市', '区县', '所属区域', '所属地区', '国家'],
	segment: ['segment', 'customer segment', 'customer type', 'tier', 'tags', '客户类型', '客户等级', '会员等级'],
	assignee: ['assignee', 'assigned to', 'assigned_to', 'assign to', 'agent', 'handler', 'owner', 'ticket owner', 'case owner', 'resolved_by', 'handled by', '受理人', '处理人', '经办人', '承办人', '办理人', '客服', '客服人员', '坐席', '负责人'],
	team: ['team', 'group', 'assignment_group', 'assignment group', 'support group', 'queue', 'department', 'agency', 'responsible department', '转派部门/对接人', '转派部门', '处理部门', '承办单位', '承办部门', '办理单位', '责任部门', '责任单位', '部门', '对接部门', '处理组'],
	customer_name: ['customer name', 'customer', 'name', 'caller', 'caller_id', '客户姓名', '客户名称', '客户信息', '姓名', '客户'],
	contact: ['contact', 'phone', 'phone number', 'mobile', 'telephone', 'email', 'customer email', 'e-mail', '联系方式', '联系电话', '手机号', '手机', '电话', '邮箱'],
	subject: ['subject', 'ticket subject', 'title', 'summary', 'short description', 'short_description', '问题简述', '标题', '主题', '摘要'],
	description: ['description', 'ticket description', 'consumer complaint narrative', 'details', 'detail', 'content', 'comments', 'message', 'body', 'complaint', 'issue description', 'problem description', '问题描述（含客户诉求）', '问题描述', '诉求内容', '投诉内容', '来电内容', '反映内容', '工单内容', '描述', '详情', '内容', '问题详情'],
	resolution: ['resolution', 'solution', 'company response to consumer', 'close notes', 'resolution notes', 'closed_code', 'reply', 'response', 'answer', '解决方案', '处理结果', '办理结果', '处理意见', '回复内容', '答复内容', '回复', '答复', '解答内容', '处理方案'],
	satisfaction: ['satisfaction', 'customer satisfaction rating', 'csat', 'rating', 'satisfaction rating', '客户反馈', '满意度', '客户满意度', '评价']
};

export function normaliseHeader(h: string): string {
	return h
		.toLowerCase()
		.replace(/（/g, '(')
		.replace(/）/g, ')')
		.replace(/[\s_\-.:：?？]+/g, '');
}

const INDEX: Map<string, { field: Field; rank: number }[]> = (() => {
	const m = new Map<string, { field: Field; rank: number }[]>();
	for (const field of FIELDS) {
		SYNONYMS[field].forEach((s, rank) => {
			const k = normaliseHeader(s);
			m.set(k, [...(m.get(k) ?? []), { field, rank }]);
		});
	}
	return m;
})();

const CJK = /[\u3400-\u9fff]/;

/**
 * The detected mapping: for each field, the best header. An exact synonym beats a
 * Chinese header that merely contains one (问题描述（含客户诉求）→ description); within
 * a field, earlier synonyms win; a header serves one field.
 */
export function detectMapping(headers: string[]): Mapping {
	const offers: { field: Field; header: string; score: number }[] = [];
	headers.forEach((header, col) => {
		const n = normaliseHeader(header);
		for (const hit of INDEX.get(n) ?? []) offers.push({ field: hit.field, header, score: 1000 - hit.rank * 10 - col * 0.001 });
		if (CJK.test(n)) {
			for (const field of FIELDS) {
				SYNONYMS[field].forEach((s, rank) => {
					const k = normaliseHeader(s);
					if (CJK.test(k) && k.length >= 3 && n !== k && n.includes(k)) offers.push({ field, header, score: 500 - rank * 10 + k.length - col * 0.001 });
				});
			}
		}
	});
	offers.sort((a, b) => b.score - a.score);
	const mapping: Mapping = {};
	const used = new Set<string>();
	for (const o of offers) {
		if (mapping[o.field] !== undefined || used.has(o.header)) continue;
		mapping[o.field] = o.header;
		used.add(o.header);
	}
	return mapping;
}

/** The header says the column holds two levels (问题类型（一级/二级）, Category/Subcategory, Type > Subtype). */
export function headerSaysTwoLevels(header: string | undefined): boolean {
	if (!header) return false;
	const n = normaliseHeader(header);
	return /一级[/／、]二级|一级二级|[/／>](子|二级|sub)/.test(n) || /(category|type|level1)[/／>]/.test(n) || /\((一级|level1)/.test(n);
}

export function isField(name: string): name is Field {
	return (FIELDS as readonly string[]).includes(name);
}

/**
 * Apply overrides `field=Header` (Header '' unmaps the field). Unknown fields or
 * headers are refused with a sentence naming the choices.
 */
export function applyOverrides(headers: string[], detected: Mapping, overrides: Record<string, string>): Mapping {
	const mapping: Mapping = { ...detected };
	for (const [field, header] of Object.entries(overrides)) {
		if (!isField(field)) throw new RefusedError(`Unknown field "${shown(field)}" in the mapping: use one of ${FIELDS.join(', ')}.`);
		if (header === '') {
			delete mapping[field];
			continue;
		}
		const found = headers.find((h) => h === header) ?? headers.find((h) => normaliseHeader(h) === normaliseHeader(header));
		if (!found) throw new RefusedError(`The file has no column "${shown(header)}" to map to ${field} (columns: ${headers.slice(0, 12).map((h) => shown(h)).join(', ')}${headers.length > 12 ? ', …' : ''}).`);
		for (const f of FIELDS) if (mapping[f] === found && f !== field) delete mapping[f];
		mapping[field] = found;
	}
	return mapping;
}

/** Parse CLI/URL overrides: ["created_at=Created", …] → {created_at: 'Created'}. */
export function parseOverrides(items: string[]): Record<string, string> {
	const out: Record<string, string> = {};
	for (const item of items) {
		const eq = item.indexOf('=');
		if (eq <= 0) throw new RefusedError(`A mapping is written field=Header, not "${shown(item)}".`);
		out[item.slice(0, eq).trim()] = item.slice(eq + 1).trim();
	}
	return out;
}
