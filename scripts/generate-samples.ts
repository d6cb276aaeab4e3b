// Generates data/samples/tickets-2024H1.csv: a help-desk export in the seeds'
// Chinese form (客户问题受理与分类表单), Jan–Jun 2024, deterministic. It carries the
// seeds' own example: in April 2024 技术故障/支付失败 rises well above the previous
// months (error code E2001, mostly on the APP channel, version V3.2.0, during the
// 4月活动 promotion) and falls back after a fix on 2024-05-06.
//   npm run samples
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { mulberry32 } from './prng';

export const HEADER = ['序号', '客户姓名', '联系方式', '客户编号', '问题发生时间', '首次响应时间', '沟通渠道', '问题描述', '问题类型（一级/二级）', '优先级', '客户情绪', '附件信息', '受理人', '转派部门/对接人', '处理状态', '客户诉求', '解决方案', '客户反馈', '解决时间', '产品版本', '地区'];

export const FIX_DATE = '2024-05-06';
const SPIKE_FROM = Date.UTC(2024, 3, 1);
const SPIKE_TO = Date.UTC(2024, 4, 6, 14);
const EXPORT_AT = Date.UTC(2024, 6, 1);

interface Kind {
	cat: string;
	weight: number;
	priority: [number, number, number]; // P0, P1, P2 weights
	codes: string[];
	texts: string[];
	demand: string[];
	solution: string[];
	team?: string;
}

// Weights skew like a real desk: a few problems dominate, a long tail follows.
const KINDS: Kind[] = [
	{ cat: '产品咨询/功能使用', weight: 17, priority: [0, 1, 9], codes: [], texts: ['咨询{feature}功能如何开启', '不知道在哪里修改{feature}设置', '{feature}功能找不到入口，想了解操作步骤'], demand: ['希望指导操作', '想了解使用方法'], solution: ['已发送图文指引，客户按步骤完成', '电话指导客户在“个人中心”完成设置'] },
	{ cat: '售后申请/物流查询', weight: 14, priority: [0, 2, 8], codes: [], texts: ['订单{order}显示已发货，但物流三天未更新', '快递一直显示“运输中”，订单{order}', '想查询订单{order}什么时候能到'], demand: ['查询物流状态', '希望尽快送达'], solution: ['已联系物流专员核实，预计明日送达', '已催件并告知客户快递单号'], team: '物流部/周*' },
	{ cat: '技术故障/登录异常', weight: 12, priority: [1, 6, 3], codes: ['E1002', 'E1005'], texts: ['登录APP后提示“网络异常”，无法查看订单', '输入密码后一直转圈，无法登录', '收不到登录验证码，手机号{phone4}'], demand: ['希望尽快恢复登录', '要求重置密码'], solution: ['建议更新至最新版本并清除缓存后重启APP，已恢复', '已为客户重置密码'], team: '技术部/李*' },
	{ cat: '产品咨询/积分规则', weight: 10, priority: [0, 1, 9], codes: [], texts: ['咨询VIP会员积分兑换规则', '积分满1000分是否可以兑换实物', '积分什么时候过期'], demand: ['想了解积分规则'], solution: ['已说明积分满1000分可兑换，详情见会员中心“积分商城”'] },
	{ cat: '售后申请/退换货', weight: 9, priority: [0, 4, 6], codes: [], texts: ['收到的商品有破损，要求换货，订单{order}', '尺码不合适想退货', '商品与描述不符，申请退款{amount}元'], demand: ['要求换货', '要求退款'], solution: ['已登记换货，3个工作日内发出', '已审核通过退款申请'], team: '售后部/王*' },
	{ cat: '服务投诉/响应慢', weight: 7, priority: [0, 5, 5], codes: [], texts: ['在线客服等待30分钟未接通', '电话一直占线，投诉响应太慢', '提交工单两天没有人回复'], demand: ['要求道歉并尽快处理'], solution: ['对延迟致歉，赠送10元优惠券', '已升级主管跟进并致歉'] },
	{ cat: '技术故障/支付失败', weight: 7, priority: [4, 5, 1], codes: ['E2003', 'E2005', ''], texts: ['支付时提示“交易失败”，银行卡已扣款{amount}元', '下单支付一直失败，订单{order}', '支付页面报错，无法完成付款'], demand: ['要求退回扣款', '希望尽快完成支付'], solution: ['核实为银行限额，建议更换支付方式', '已确认扣款将原路退回'], team: '技术部/李*' },
	{ cat: '技术故障/页面加载慢', weight: 6, priority: [1, 4, 5], codes: ['E3001', ''], texts: ['首页加载很慢，一直转圈', '商品详情页打开要十几秒', '订单列表加载不出来'], demand: ['希望修复'], solution: ['已反馈技术部，CDN节点已切换', '建议切换网络后重试，已恢复'], team: '技术部/陈*' },
	{ cat: '售后申请/维修进度', weight: 5, priority: [0, 3, 7], codes: [], texts: ['设备送修一周了想查询维修进度', '维修单{order}一直没有更新'], demand: ['查询维修进度'], solution: ['已查询维修站，预计3天内寄回'], team: '售后部/赵*' },
	{ cat: '账户操作/信息修改', weight: 5, priority: [0, 2, 8], codes: [], texts: ['想修改绑定手机号', '收货地址无法修改', '实名信息填错了想更改'], demand: ['希望修改信息'], solution: ['已指导客户在“账户设置”中修改'] },
	{ cat: '账户操作/订单状态', weight: 4, priority: [0, 2, 8], codes: [], texts: ['订单{order}显示异常，状态一直是“待付款”', '取消的订单还在列表里'], demand: ['查询订单状态'], solution: ['已核实订单状态并同步刷新'] },
	{ cat: '服务投诉/服务态度', weight: 3, priority: [0, 6, 4], codes: [], texts: ['客服回复敷衍，问题没有解决', '对上次客服的态度不满意'], demand: ['要求道歉'], solution: ['已致歉并对客服进行辅导'] },
	{ cat: '技术故障/数据丢失', weight: 2, priority: [6, 4, 0], codes: ['E4001'], texts: ['更新后历史订单记录全部不见了', '收藏夹数据丢失'], demand: ['要求恢复数据'], solution: ['已从备份恢复数据'], team: '技术部/李*' },
	{ cat: '产品咨询/会员权益', weight: 3, priority: [0, 1, 9], codes: [], texts: ['咨询会员续费后的权益', '会员专属优惠券在哪里领取'], demand: ['想了解会员权益'], solution: ['已说明会员权益及领取方式'] },
	{ cat: '建议反馈/功能建议', weight: 3, priority: [0, 0, 10], codes: [], texts: ['建议增加夜间模式', '希望订单可以按时间筛选', '建议支持更多支付方式'], demand: ['希望采纳建议'], solution: ['已记录建议并反馈产品部'] }
];

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂英华玉萍红娥玲芬燕彬鹏辉宇浩凯健俊帆帅旭宁欣怡佳琪雪梅林倩婷晨'];
const CHANNELS: [string, number][] = [['APP', 34], ['在线客服', 30], ['电话', 18], ['微信公众号', 10], ['邮件', 8]];
const REGIONS: [string, number][] = [['华东', 30], ['华北', 18], ['华南', 20], ['华中', 12], ['西南', 10], ['西北', 5], ['东北', 5]];
const FEATURES = ['夜间模式', '消息通知', '自动续费', '发票抬头', '指纹登录', '订单导出'];
const EMOTIONS = ['平静', '焦虑', '不满', '愤怒'];

function versionAt(t: number, r: () => number): string {
	const x = r();
	if (x < 0.12) return 'Web';
	if (x < 0.2) return '小程序';
	// V3.1.0 until March, V3.2.0 rolled out from 2024-03-25, V3.2.1 (the fix) from 2024-05-06
	if (t >= Date.UTC(2024, 4, 6)) return r() < 0.8 ? 'V3.2.1' : 'V3.2.0';
	if (t >= Date.UTC(2024, 2, 25)) return r() < 0.85 ? 'V3.2.0' : 'V3.1.0';
	return 'V3.1.0';
}

function fmt(ms: number): string {
	return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

function csvCell(v: string): string {
	return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

export interface SampleTicket {
	created: number;
	kind: Kind;
	spike: boolean;
}

export function generateSamplesCsv(): string {
	const r = mulberry32(20240401);
	const pick = <T>(a: T[]) => a[Math.floor(r() * a.length)];
	const weighted = <T>(a: [T, number][]) => {
		const total = a.reduce((s, [, w]) => s + w, 0);
		let x = r() * total;
		for (const [v, w] of a) if ((x -= w) < 0) return v;
		return a[a.length - 1][0];
	};
	const kindWeights: [Kind, number][] = KINDS.map((k) => [k, k.weight]);
	const hourWeights: [number, number][] = Array.from({ length: 24 }, (_, h) => [h, h < 7 ? 0.3 : h < 9 ? 1.5 : h < 21 ? 5 : 2]);
	const eveningWeights: [number, number][] = Array.from({ length: 24 }, (_, h) => [h, h < 7 ? 0.5 : h < 18 ? 3 : 7]);

	const tickets: SampleTicket[] = [];
	for (let day = Date.UTC(2024, 0, 1); day < Date.UTC(2024, 6, 1); day += 86400000) {
		const dow = new Date(day).getUTCDay();
		const drift = 1 + (day - Date.UTC(2024, 0, 1)) / (86400000 * 182) * 0.15;
		const mean = (dow === 0 || dow === 6 ? 9 : 22) * drift;
		const n = Math.max(0, Math.round(mean + (r() - 0.5) * mean * 0.5));
		for (let i = 0; i < n; i++) {
			const t = day + weighted(hourWeights) * 3600000 + Math.floor(r() * 60) * 60000;
			tickets.push({ created: t, kind: weighted(kindWeights), spike: false });
		}
		// the April spike: extra payment failures during the promotion, until the fix
		if (day >= SPIKE_FROM && day < SPIKE_TO) {
			const extra = Math.round(4 + (r() - 0.5) * 2.5 + (dow === 5 || dow === 6 ? 1.5 : 0));
			for (let i = 0; i < extra; i++) {
				const t = day + weighted(eveningWeights) * 3600000 + Math.floor(r() * 60) * 60000;
				if (t < SPIKE_TO) tickets.push({ created: t, kind: KINDS.find((k) => k.cat === '技术故障/支付失败')!, spike: true });
			}
		}
	}
	tickets.sort((a, b) => a.created - b.created);

	const seqByDay = new Map<string, number>();
	const lines = [HEADER.join(',')];
	tickets.forEach((tk, idx) => {
		const k = tk.kind;
		const date = fmt(tk.created);
		const dayKey = date.slice(0, 10).replaceAll('-', '');
		const seq = (seqByDay.get(dayKey) ?? 0) + 1;
		seqByDay.set(dayKey, seq);
		const priority = tk.spike ? (r() < 0.55 ? 'P0' : 'P1') : weighted([['P0', k.priority[0]], ['P1', k.priority[1]], ['P2', k.priority[2]]] as [string, number][]);
		const channel = tk.spike ? (r() < 0.82 ? 'APP' : weighted(CHANNELS)) : weighted(CHANNELS);
		const code = tk.spike ? (r() < 0.93 ? 'E2001' : pick(['E2003', ''])) : k.codes.length && r() < 0.7 ? pick(k.codes) : '';
		const order = `DD${dayKey}${String(1000 + Math.floor(r() * 9000))}`;
		const phone = `1${pick(['38', '39', '50', '86', '77', '58', '35'])}${String(Math.floor(r() * 1e8)).padStart(8, '0')}`;
		let text = pick(k.texts)
			.replace('{order}', order)
			.replace('{amount}', String(20 + Math.floor(r() * 480)))
			.replace('{feature}', pick(FEATURES))
			.replace('{phone4}', phone.slice(-4));
		if (tk.spike) text = pick(['4月活动下单，支付时提示错误码E2001，重复扣款', 'APP支付一直提示“交易失败(E2001)”，活动商品下单失败', '参加4月活动，付款时页面报错E2001，订单' + order, '支付失败，提示"系统繁忙,请稍后再试"，已经试了三次']);
		if (r() < 0.01) text += '\n补充：客户称已多次尝试';
		// the seeds' records: code in the attachment note, sometimes only in the description
		const attachment = code ? (r() < 0.75 ? `截图(错误码:${code})` : '截图') : pick(['', '', '', `订单号${order}`, '录音']);
		if (code && !attachment.includes(code) && !text.includes(code)) text += `，提示错误码${code}`;
		const age = EXPORT_AT - tk.created;
		const open = age < 21 * 86400000 ? r() < 0.45 : r() < 0.02;
		const status = open ? (r() < 0.6 ? '处理中' : '待处理') : r() < 0.7 ? '已解决' : '已关闭';
		const slaH = priority === 'P0' ? 1 : priority === 'P1' ? 4 : 24;
		const responseH = r() < 0.08 ? slaH * (1.2 + r() * 2) : slaH * r() * 0.9;
		const firstResponse = status === '待处理' ? '' : fmt(tk.created + responseH * 3600000);
		const resolvedAt = status === '已解决' || status === '已关闭' ? fmt(tk.created + (2 + r() * (priority === 'P2' ? 96 : 30)) * 3600000) : '';
		const emotion = tk.spike || priority === 'P0' ? pick(['焦虑', '不满', '愤怒', '焦虑']) : k.cat.startsWith('服务投诉') ? pick(['不满', '愤怒', '不满']) : pick([...EMOTIONS.slice(0, 2), '平静', '平静']);
		const feedback = resolvedAt ? (tk.spike ? pick(['不满意', '基本满意', '不满意']) : weighted([['满意', 6], ['基本满意', 3], ['不满意', 1]] as [string, number][])) : '';
		const missingContact = r() < 0.03;
		const row = [
			String(idx + 1),
			pick(SURNAMES) + pick(GIVEN) + (r() < 0.6 ? pick(GIVEN) : ''),
			missingContact ? '' : phone,
			`C${dayKey}${String(seq).padStart(4, '0')}`,
			date,
			firstResponse,
			channel,
			text,
			k.cat,
			priority,
			emotion,
			attachment,
			`客服${String(1 + Math.floor(r() * 16)).padStart(2, '0')}`,
			k.team && (priority !== 'P2' || r() < 0.3) ? k.team : '',
			status,
			pick(k.demand),
			resolvedAt ? pick(k.solution) : '',
			feedback,
			resolvedAt,
			tk.spike ? (r() < 0.85 ? 'V3.2.0' : versionAt(tk.created, r)) : versionAt(tk.created, r),
			weighted(REGIONS)
		];
		lines.push(row.map(csvCell).join(','));
	});
	return '\ufeff' + lines.join('\r\n') + '\r\n';
}

export const SAMPLE_PATH = resolve(fileURLToPath(new URL('..', import.meta.url)), 'data/samples/tickets-2024H1.csv');

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
	const csv = generateSamplesCsv();
	writeFileSync(SAMPLE_PATH, csv);
	const rows = csv.split('\r\n').slice(1).filter((l) => /^\d+,/.test(l));
	const byMonth = new Map<string, { all: number; pay: number }>();
	for (const l of rows) {
		const m = /,(2024-\d\d)-\d\d \d\d:\d\d,/.exec(l)![1];
		const e = byMonth.get(m) ?? { all: 0, pay: 0 };
		e.all++;
		if (l.includes('技术故障/支付失败')) e.pay++;
		byMonth.set(m, e);
	}
	console.log(`wrote ${SAMPLE_PATH}: ${rows.length} tickets, ${csv.length} chars`);
	for (const [m, e] of [...byMonth].sort()) console.log(`${m}: ${e.all} tickets, 支付失败 ${e.pay}`);
}
