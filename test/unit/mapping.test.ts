import { describe, expect, it } from 'vitest';
import { applyOverrides, detectMapping, parseOverrides } from '../../src/lib/ingest/mapping';

describe('detectMapping', () => {
	it("maps the seeds' Chinese form", () => {
		const headers = ['序号', '客户姓名', '联系方式', '客户编号', '问题发生时间', '问题描述（含客户诉求）', '问题类型（一级/二级）', '优先级', '客户情绪', '附件信息', '受理人', '转派部门/对接人', '处理状态', '客户诉求', '解决方案', '客户反馈'];
		const m = detectMapping(headers);
		expect(m).toMatchObject({
			customer_name: '客户姓名',
			contact: '联系方式',
			ticket_id: '客户编号',
			created_at: '问题发生时间',
			description: '问题描述（含客户诉求）',
			category: '问题类型（一级/二级）',
			priority: '优先级',
			emotion: '客户情绪',
			attachment: '附件信息',
			assignee: '受理人',
			team: '转派部门/对接人',
			status: '处理状态',
			resolution: '解决方案',
			satisfaction: '客户反馈'
		});
		// 序号 restarts every export and 客户诉求 is not a name: both stay custom columns
		expect(Object.values(m)).not.toContain('序号');
		expect(Object.values(m)).not.toContain('客户诉求');
	});

	it('maps a ServiceNow event log', () => {
		const m = detectMapping(['number', 'incident_state', 'sys_mod_count', 'opened_at', 'sys_created_at', 'sys_updated_at', 'contact_type', 'category', 'subcategory', 'priority', 'assignment_group', 'assigned_to', 'resolved_at', 'closed_at']);
		expect(m).toMatchObject({
			ticket_id: 'number',
			status: 'incident_state',
			mod_count: 'sys_mod_count',
			created_at: 'opened_at',
			updated_at: 'sys_updated_at',
			channel: 'contact_type',
			team: 'assignment_group',
			assignee: 'assigned_to',
			resolved_at: 'resolved_at'
		});
	});

	it('maps Zendesk/Jira-style English headers', () => {
		expect(detectMapping(['Ticket ID', 'Created at', 'Subject', 'Status', 'Priority', 'Via', 'Solved at'])).toMatchObject({
			ticket_id: 'Ticket ID',
			created_at: 'Created at',
			subject: 'Subject',
			status: 'Status',
			priority: 'Priority',
			channel: 'Via',
			resolved_at: 'Solved at'
		});
		expect(detectMapping(['Issue key', 'Created', 'Resolved']).ticket_id).toBe('Issue key');
	});

	it('finds no creation time in a file without one', () => {
		expect(detectMapping(['Ticket ID', 'Date of Purchase', 'Ticket Subject']).created_at).toBeUndefined();
	});
});

describe('overrides', () => {
	it('moves a header to another field and unmaps', () => {
		const headers = ['Ticket ID', 'Date of Purchase', 'First Response Time'];
		const m = applyOverrides(headers, detectMapping(headers), parseOverrides(['created_at=first response time']));
		expect(m.created_at).toBe('First Response Time');
		expect(m.first_response_at).toBeUndefined();
		expect(applyOverrides(headers, m, { ticket_id: '' }).ticket_id).toBeUndefined();
	});

	it('refuses unknown fields and headers with a clear sentence', () => {
		expect(() => applyOverrides(['a'], {}, { nonsense: 'a' })).toThrow(/Unknown field "nonsense"/);
		expect(() => applyOverrides(['a'], {}, { created_at: 'b' })).toThrow(/no column "b"/);
		expect(() => parseOverrides(['created_at'])).toThrow(/field=Header/);
	});
});
