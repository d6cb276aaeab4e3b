// Generates data/samples/tickets-2024H1.csv: a help-desk export in the seeds'
// Chinese form (客户问题受理与分类表单), Jan–Jun 2024, deterministic (seeded PRNG,
// no clock, no dependencies beyond Node).
//
// It carries the seeds' own example, "2024年4月APP订单支付失败率较上月上升": from
// 2024-04-01 技术故障/支付失败 rises to about four times its Jan–Mar baseline —
// error code E2001, mostly on the APP channel, version V3.2.0, P0/P1, during the
// 4月活动 promotion with more evening traffic — and falls back after a fix on
// 2024-05-06. Every other category keeps its ordinary noise, so that spike is the
// finding.
//
// The file is what Excel exports: UTF-8 with BOM, CRLF between records, comma
// delimited, RFC 4180 quoting. A line break inside a cell is a bare LF (as Excel
// writes Alt+Enter breaks).
//
//   npm run samples        (or: npx tsx scripts/generate-samples.ts)
import { writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { mulberry32 } from './prng';

export const HEADER = ['序号', '客户姓名', '联系方式', '客户编号', '问题发生时间', '首次响应时间', '沟通渠道', '问题描述', '问题类型（一级/二级）', '优先级', '客户情绪', '附件信息', '受理人', '转派部门/对接人', '处理状态', '客户诉求', '解决方案', '客户反馈', '解决时间', '产品版本', '地区'];

export const SAMPLE_PATH = resolve(fileURLToPath(new URL('..', import.meta.url)), 'data/samples/tickets-2024H1.csv');

const SEED = 20240401;
export const FIX_DATE = '2024-05-06';
const DAY = 86_400_000;
const HOUR = 3_600_000;
const MINUTE = 60_000;
const START = Date.UTC(2024, 0, 1);
/** The export is taken at the end of 2024-06-30: nothing happens after it. */
const EXPORT_AT = Date.UTC(2024, 6, 1);
/** The 4月活动 promotion and the E2001 fault: from April 1 until the fix, 2024-05-06 14:00. */
const SPIKE_FROM = Date.UTC(2024, 3, 1);
const SPIKE_TO = Date.UTC(2024, 4, 6, 14);
/** V3.2.0 rolls out from 2024-03-25; V3.2.1 (the fix) from 2024-05-06. */
const V320_FROM = Date.UTC(2024, 2, 25);
const V321_FROM = Date.UTC(2024, 4, 6, 14);

type Weighted<T> = [T, number][];
type Priority = 'P0' | 'P1' | 'P2';

interface Kind {
	cat: string;
	/** share of the ordinary daily volume */
	weight: number;
	priority: [number, number, number]; // P0, P1, P2 weights
	/** error codes this problem shows ('' = a report without a code) */
	codes: string[];
	texts: string[];
	demand: string[];
	solution: string[];
	teams?: Weighted<string>;
}

// Weights skew like a real desk: a few problems dominate, a long tail follows.
// Placeholders: {order} {amount} {device} {page} {feature} {phone4} {bank} {n} {days} {ver}
const KINDS: Kind[] = [
	{
		cat: '产品咨询/功能使用', weight: 16, priority: [0, 1, 9], codes: [],
		texts: ['咨询{feature}功能如何开启', '不知道在哪里修改{feature}设置', '{feature}功能找不到入口，想了解操作步骤', '{device}上怎么设置{feature}？', '请问发票怎么开,抬头填错了还能改吗', '想知道{page}里的“{feature}”是做什么用的', '新版本的{feature}在哪里？升级后找不到了'],
		demand: ['希望指导操作', '想了解使用方法', '希望发送操作说明'],
		solution: ['已发送图文指引，客户按步骤完成', '电话指导客户在“个人中心”完成设置', '已告知入口位置，客户确认可以使用']
	},
	{
		cat: '售后申请/物流查询', weight: 13, priority: [0, 2, 8], codes: [],
		texts: ['订单{order}显示已发货，但物流{days}天未更新', '快递一直显示“运输中”，订单{order}', '想查询订单{order}什么时候能到', '物流显示已签收,但本人没有收到货,订单{order}', '下单{days}天了还没发货，订单{order}', '快递员电话打不通，包裹一直在驿站没人送'],
		demand: ['查询物流状态', '希望尽快送达', '要求核实签收情况'],
		solution: ['已联系物流专员核实，预计明日送达', '已催件并告知客户快递单号', '已核实为驿站代收，客户已取件'],
		teams: [['物流部/周*', 1]]
	},
	{
		cat: '技术故障/登录异常', weight: 11, priority: [1, 6, 3], codes: ['E1002', 'E1005'],
		texts: ['登录APP后提示“网络异常”，无法查看订单', '{device}上输入密码后一直转圈，无法登录', '收不到登录验证码，手机号尾号{phone4}', '登录时提示"账号或密码错误",但密码确认没有问题', '换了新手机{device}后登录不上，一直提示异常', '昨天还能登录，今天打开APP直接退回登录页', '微信授权登录失败，提示“授权过期”'],
		demand: ['希望尽快恢复登录', '要求重置密码', '希望查明原因'],
		solution: ['建议更新至最新版本并清除缓存后重启APP，已恢复', '已为客户重置密码', '已解除账号异常锁定，客户可正常登录'],
		teams: [['技术部/李*', 1]]
	},
	{
		cat: '产品咨询/积分规则', weight: 9, priority: [0, 1, 9], codes: [],
		texts: ['咨询VIP会员积分兑换规则', '积分满1000分是否可以兑换实物', '积分什么时候过期', '订单{order}确认收货后积分没有到账', '积分抵扣规则是"100积分抵1元"吗', '退货后扣掉的积分能退回来吗'],
		demand: ['想了解积分规则', '要求补发积分'],
		solution: ['已说明积分满1000分可兑换，详情见会员中心“积分商城”', '已核实积分将在确认收货7天后到账', '已为客户手动补发积分']
	},
	{
		cat: '售后申请/退换货', weight: 8.5, priority: [0, 4, 6], codes: [],
		texts: ['收到的商品有破损，要求换货，订单{order}', '尺码不合适想退货', '商品与描述不符，申请退款{amount}元', '退货寄回{days}天了，退款还没到账，订单{order}', '七天无理由退货,为什么显示“不支持”', '换货申请提交后一直没有审核'],
		demand: ['要求换货', '要求退款', '希望尽快审核'],
		solution: ['已登记换货，3个工作日内发出', '已审核通过退款申请', '已加急处理退款，预计1-3个工作日到账'],
		teams: [['售后部/王*', 4], ['财务部/赵*', 1]]
	},
	{
		cat: '技术故障/支付失败', weight: 7.5, priority: [4, 5, 1], codes: ['E2003', 'E2005', ''],
		texts: ['支付时提示“交易失败”，银行卡已扣款{amount}元', '下单支付一直失败，订单{order}', '支付页面报错，无法完成付款', '用{bank}付款提示"支付超时",订单{order}没有生成', '微信支付成功但订单仍显示“待付款”，金额{amount}元', '信用卡支付被拒，换了一张卡还是失败'],
		demand: ['要求退回扣款', '希望尽快完成支付', '要求核实订单状态'],
		solution: ['核实为银行限额，建议更换支付方式', '已确认扣款将原路退回', '已补单，订单状态已更新为待发货'],
		teams: [['技术部/李*', 3], ['财务部/赵*', 1]]
	},
	{
		cat: '服务投诉/响应慢', weight: 6.5, priority: [0, 5, 5], codes: [],
		texts: ['在线客服等待{n}0分钟未接通', '电话一直占线，投诉响应太慢', '提交工单{days}天没有人回复', '客服说24小时内回电,结果等了{days}天', '同一个问题反映了三次还没人处理'],
		demand: ['要求道歉并尽快处理', '要求主管回电'],
		solution: ['对延迟致歉，赠送10元优惠券', '已升级主管跟进并致歉', '已优先处理原问题并回访客户'],
		teams: [['客服主管/孙*', 1]]
	},
	{
		cat: '技术故障/页面加载慢', weight: 6, priority: [1, 4, 5], codes: ['E3001', ''],
		texts: ['{page}加载很慢，一直转圈', '{page}打开要十几秒，{device}', '订单列表加载不出来', 'WiFi和4G都试过,{page}还是白屏', '晚上八点以后APP特别卡，{page}半天刷不出来'],
		demand: ['希望修复', '希望尽快恢复正常'],
		solution: ['已反馈技术部，CDN节点已切换', '建议切换网络后重试，已恢复', '已清理缓存并升级版本，加载恢复正常'],
		teams: [['技术部/陈*', 1]]
	},
	{
		cat: '售后申请/维修进度', weight: 5, priority: [0, 3, 7], codes: [],
		texts: ['设备送修{days}天了想查询维修进度', '维修单{order}一直没有更新', '维修寄回后问题还在，要求再次检测', '保修期内维修为什么要收费{amount}元'],
		demand: ['查询维修进度', '要求免费维修'],
		solution: ['已查询维修站，预计3天内寄回', '已安排重新检测', '已核实在保修期内，费用已退回'],
		teams: [['售后部/赵*', 1]]
	},
	{
		cat: '账户操作/信息修改', weight: 5, priority: [0, 2, 8], codes: [],
		texts: ['想修改绑定手机号', '收货地址无法修改', '实名信息填错了想更改', '原手机号{phone4}已停用，无法接收验证码换绑', '昵称修改后一直显示“审核中”'],
		demand: ['希望修改信息', '希望人工协助换绑'],
		solution: ['已指导客户在“账户设置”中修改', '已核实身份并人工换绑手机号']
	},
	{
		cat: '账户操作/订单状态', weight: 4, priority: [0, 2, 8], codes: [],
		texts: ['订单{order}显示异常，状态一直是“待付款”', '取消的订单还在列表里', '已收货但订单{order}还显示"待收货"', '订单被系统自动取消了，不知道原因'],
		demand: ['查询订单状态', '要求恢复订单'],
		solution: ['已核实订单状态并同步刷新', '已说明超时未付款自动取消的规则']
	},
	{
		cat: '服务投诉/服务态度', weight: 3, priority: [0, 6, 4], codes: [],
		texts: ['客服回复敷衍，问题没有解决', '对上次客服的态度不满意', '电话客服语气很差，直接挂断了电话', '客服答复前后矛盾,一会儿说能退一会儿说不能退'],
		demand: ['要求道歉', '要求更换客服处理'],
		solution: ['已致歉并对客服进行辅导', '已由主管回电致歉并跟进'],
		teams: [['客服主管/孙*', 1]]
	},
	{
		cat: '产品咨询/会员权益', weight: 3, priority: [0, 1, 9], codes: [],
		texts: ['咨询会员续费后的权益', '会员专属优惠券在哪里领取', '开通年卡会员后为什么没有免运费', '会员到期后权益还能保留吗'],
		demand: ['想了解会员权益'],
		solution: ['已说明会员权益及领取方式', '已补发会员优惠券']
	},
	{
		cat: '建议反馈/功能建议', weight: 2.5, priority: [0, 0, 10], codes: [],
		texts: ['建议增加夜间模式', '希望订单可以按时间筛选', '建议支持更多支付方式', '希望{page}能增加“一键复购”按钮', '建议物流信息可以推送到微信'],
		demand: ['希望采纳建议'],
		solution: ['已记录建议并反馈产品部'],
		teams: [['产品部/吴*', 1]]
	},
	{
		cat: '技术故障/数据丢失', weight: 1.5, priority: [6, 4, 0], codes: ['E4001'],
		texts: ['更新到{ver}后历史订单记录全部不见了', '收藏夹数据丢失', '购物车里的{n}件商品突然清空了', '换手机{device}登录后积分和优惠券都没了'],
		demand: ['要求恢复数据', '要求补偿'],
		solution: ['已从备份恢复数据', '已恢复数据并补发优惠券'],
		teams: [['技术部/李*', 1]]
	}
];

const PAY = KINDS.find((k) => k.cat === '技术故障/支付失败')!;

/** The extra payment failures: the fault's own words, E2001 in most of them. */
const SPIKE_TEXTS_E2001 = [
	'4月活动下单，支付时提示错误码E2001，重复扣款{amount}元',
	'APP支付一直提示“交易失败(E2001)”，活动商品下单失败',
	'参加4月活动，付款时页面报错E2001，订单{order}',
	'活动商品付款失败，提示错误码E2001，{device}',
	'晚上抢购4月活动商品,点击支付后报E2001,订单{order}'
];
const SPIKE_TEXTS_PLAIN = [
	'支付失败，提示"系统繁忙,请稍后再试"，已经试了三次',
	'4月活动商品付款时卡在支付页，{device}，银行卡扣了{amount}元',
	'APP上活动下单支付一直失败，订单{order}',
	'点了“立即支付”没反应，换{bank}也不行'
];

const SURNAMES = [...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾萧田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤'];
const GIVEN = [...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红娥玲芬燕彬鹏辉宇浩凯健俊帆帅旭宁欣怡佳琪雪梅林倩婷晨志建国文斌海波丹'];
const MOBILE_PREFIXES = ['138', '139', '150', '186', '177', '158', '135', '188', '152', '131', '199'];
const CHANNELS: Weighted<string> = [['APP', 34], ['在线客服', 30], ['电话', 18], ['微信公众号', 10], ['邮件', 8]];
const REGIONS: Weighted<string> = [['华东', 30], ['华南', 20], ['华北', 18], ['华中', 12], ['西南', 10], ['西北', 5], ['东北', 5]];
const FEATURES = ['夜间模式', '消息通知', '自动续费', '发票抬头', '指纹登录', '订单导出', '地址簿', '优惠券提醒'];
const DEVICES = ['iPhone 13', 'iPhone 15 Pro', '华为Mate 40', '华为nova 11', '小米13', 'OPPO Reno8', 'vivo X90', '荣耀70', 'iPad'];
const PAGES = ['首页', '商品详情页', '购物车', '订单列表', '个人中心', '支付页', '活动专区'];
const BANKS = ['招商银行卡', '建设银行卡', '工商银行卡', '花呗', '支付宝', '微信零钱'];
const LINE_BREAK_NOTES = ['补充：客户称已多次尝试', '补充：客户要求回电', '补充：已提供截图', '（客户第二次来电）'];

/** One day of wall-clock hours: business hours 9–21 busiest, night quiet. */
const HOURS: Weighted<number> = Array.from({ length: 24 }, (_, h) => [h, h < 7 ? 0.3 : h < 9 ? 1.5 : h < 21 ? 5 : 2] as [number, number]);
/** The promotion's buyers: evenings. */
const EVENING_HOURS: Weighted<number> = Array.from({ length: 24 }, (_, h) => [h, h < 7 ? 0.4 : h < 12 ? 2 : h < 18 ? 3 : 7] as [number, number]);
const SLA_MINUTES: Record<Priority, number> = { P0: 60, P1: 240, P2: 1440 };

interface Draft {
	created: number;
	kind: Kind;
	spike: boolean;
}

function fmt(ms: number): string {
	return new Date(ms).toISOString().slice(0, 16).replace('T', ' ');
}

function csvCell(v: string): string {
	return /[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/** The records (without the header), in 序号 order, as the strings the CSV holds. */
export function generateSampleRows(): string[][] {
	const r = mulberry32(SEED);
	const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
	const weighted = <T>(a: Weighted<T>): T => {
		const total = a.reduce((s, [, w]) => s + w, 0);
		let x = r() * total;
		for (const [v, w] of a) if ((x -= w) < 0) return v;
		return a[a.length - 1][0];
	};
	const chance = (p: number) => r() < p;
	const kindWeights: Weighted<Kind> = KINDS.map((k) => [k, k.weight]);

	// 1. when, and what: ordinary volume, then the promotion's extra payment failures
	const drafts: Draft[] = [];
	for (let day = START; day < EXPORT_AT; day += DAY) {
		const dow = new Date(day).getUTCDay();
		const drift = 1 + ((day - START) / (182 * DAY)) * 0.15;
		const mean = (dow === 0 || dow === 6 ? 9 : 22) * drift;
		const n = Math.max(0, Math.round(mean * (0.75 + 0.5 * r())));
		for (let i = 0; i < n; i++) {
			const t = day + weighted(HOURS) * HOUR + Math.floor(r() * 60) * MINUTE;
			drafts.push({ created: t, kind: weighted(kindWeights), spike: false });
		}
		if (day >= SPIKE_FROM && day < SPIKE_TO) {
			const ramp = day < SPIKE_FROM + 2 * DAY ? 0.6 : 1;
			const extra = Math.round(ramp * (3.8 * (0.7 + 0.6 * r()) + (dow === 5 || dow === 6 ? 1.2 : 0)));
			for (let i = 0; i < extra; i++) {
				const t = day + weighted(EVENING_HOURS) * HOUR + Math.floor(r() * 60) * MINUTE;
				if (t < SPIKE_TO) drafts.push({ created: t, kind: PAY, spike: true });
			}
		}
	}
	drafts.sort((a, b) => a.created - b.created);

	// 2. the rest of each record, in time order
	const versionOf = (t: number, channel: string): string => {
		if (channel !== 'APP') {
			if (channel === '微信公众号' && chance(0.6)) return '小程序';
			const x = r();
			if (x < 0.15) return 'Web';
			if (x < 0.23) return '小程序';
		}
		if (t >= V321_FROM) return chance(Math.min(0.9, 0.5 + ((t - V321_FROM) / (7 * DAY)) * 0.4)) ? 'V3.2.1' : 'V3.2.0';
		if (t >= V320_FROM) return chance(Math.min(0.85, ((t - V320_FROM) / (10 * DAY)) * 0.85)) ? 'V3.2.0' : 'V3.1.0';
		return chance(0.9) ? 'V3.1.0' : 'V3.0.5';
	};

	const seqByDay = new Map<string, number>();
	return drafts.map((d, idx) => {
		const k = d.kind;
		const created = fmt(d.created);
		const dayKey = created.slice(0, 10).replaceAll('-', '');
		const seq = (seqByDay.get(dayKey) ?? 0) + 1;
		seqByDay.set(dayKey, seq);

		const priority: Priority = d.spike ? weighted<Priority>([['P0', 55], ['P1', 40], ['P2', 5]]) : weighted<Priority>([['P0', k.priority[0]], ['P1', k.priority[1]], ['P2', k.priority[2]]]);
		const channel = d.spike ? (chance(0.85) ? 'APP' : weighted(CHANNELS)) : weighted(CHANNELS);
		const version = d.spike && channel === 'APP' ? (chance(0.95) ? 'V3.2.0' : 'V3.1.0') : versionOf(d.created, channel);

		// the error code: the fault's E2001 for the promotion's failures (and for
		// ordinary payment failures on V3.2.0 before the fix), else the problem's own codes
		let code: string;
		let text: string;
		if (d.spike) {
			code = chance(0.96) ? 'E2001' : '';
			text = code && chance(0.6) ? pick(SPIKE_TEXTS_E2001) : pick(SPIKE_TEXTS_PLAIN);
		} else {
			const faulty = k === PAY && version === 'V3.2.0' && d.created < SPIKE_TO && chance(0.4);
			code = faulty ? 'E2001' : k.codes.length && chance(0.7) ? pick(k.codes) : '';
			text = pick(k.texts);
		}
		const phone = pick(MOBILE_PREFIXES) + String(Math.floor(r() * 1e8)).padStart(8, '0');
		const order = `DD${dayKey}${String(1000 + Math.floor(r() * 9000))}`;
		const vars: Record<string, () => string> = {
			order: () => order,
			amount: () => String(pick([29, 59, 88, 99, 128, 199, 258, 299, 368, 499, 699, 1299]) + (chance(0.3) ? 0.9 : 0)),
			device: () => pick(DEVICES),
			page: () => pick(PAGES),
			feature: () => pick(FEATURES),
			phone4: () => phone.slice(-4),
			bank: () => pick(BANKS),
			n: () => String(2 + Math.floor(r() * 5)),
			days: () => String(2 + Math.floor(r() * 6)),
			ver: () => (version.startsWith('V') ? version : 'V3.2.0')
		};
		text = text.replace(/\{(\w+)\}/g, (_, name: string) => vars[name]());
		if (chance(0.01)) text += '\n' + pick(LINE_BREAK_NOTES);

		// the seeds' records: the code in the attachment note, sometimes only in the description
		let attachment: string;
		if (code) {
			attachment = chance(d.spike ? 0.92 : 0.75) ? `截图(错误码:${code})` : '截图';
			if (!attachment.includes(code) && !text.includes(code)) text += `，提示错误码${code}`;
		} else {
			attachment = weighted([['', 6], [`订单号${order}`, 2], [channel === '电话' ? '录音' : '截图', 1.2], [channel === '电话' ? '录音' : '', channel === '电话' ? 2 : 0]]);
		}

		const emotion = d.spike
			? weighted([['平静', 0.5], ['焦虑', 3], ['不满', 4], ['愤怒', 2.5]])
			: k.cat.startsWith('服务投诉')
				? weighted([['平静', 0.5], ['焦虑', 1], ['不满', 5], ['愤怒', 3]])
				: priority === 'P0'
					? weighted([['平静', 1], ['焦虑', 4], ['不满', 3], ['愤怒', 1.5]])
					: priority === 'P1'
						? weighted([['平静', 3], ['焦虑', 4], ['不满', 2], ['愤怒', 0.6]])
						: weighted([['平静', 8], ['焦虑', 2], ['不满', 1], ['愤怒', 0.2]]);

		// status: old tickets are closed; the last three weeks are mixed, the newest mostly open
		const age = EXPORT_AT - d.created;
		const recent = Math.max(0, 1 - age / (21 * DAY));
		let status = chance(0.015 + 0.6 * recent) ? (chance(0.15 + 0.5 * recent) ? '待处理' : '处理中') : chance(0.7) ? '已解决' : '已关闭';

		const sla = SLA_MINUTES[priority];
		const breach = chance(0.08);
		const responseMin = Math.max(1, Math.round(breach ? sla * (1.1 + 2 * r()) : sla * (0.03 + 0.87 * r())));
		const respondedAt = d.created + responseMin * MINUTE;
		const workH = priority === 'P0' ? 1 + 11 * r() : priority === 'P1' ? 2 + 46 * r() : 2 + 94 * r();
		const resolvedAt = respondedAt + Math.round(workH * 60) * MINUTE;
		// nothing after the export: not yet resolved, or not yet answered
		if ((status === '已解决' || status === '已关闭') && resolvedAt >= EXPORT_AT) status = '处理中';
		if (status === '处理中' && respondedAt >= EXPORT_AT) status = '待处理';
		const closed = status === '已解决' || status === '已关闭';

		const feedback = closed
			? d.spike
				? weighted([['满意', 2], ['基本满意', 4], ['不满意', 4]])
				: emotion === '愤怒' || emotion === '不满' || breach
					? weighted([['满意', 3], ['基本满意', 4], ['不满意', 3]])
					: weighted([['满意', 6], ['基本满意', 3], ['不满意', 1]])
			: '';
		const team = d.spike ? (text.includes('扣') ? '财务部/赵*' : '技术部/李*') : k.teams && (priority !== 'P2' || chance(0.3)) ? weighted(k.teams) : '';
		const solution = !closed ? '' : d.spike ? pick(['已确认为支付网关E2001故障，扣款将原路退回', '已告知客户故障修复后重新下单，并补发活动优惠券', '已为客户补单，并致歉']) : pick(k.solution);

		return [
			String(idx + 1),
			pick(SURNAMES) + pick(GIVEN) + (chance(0.65) ? pick(GIVEN) : ''),
			chance(0.03) ? '' : phone,
			`C${dayKey}${String(seq).padStart(4, '0')}`,
			created,
			status === '待处理' ? '' : fmt(respondedAt),
			channel,
			text,
			k.cat,
			priority,
			emotion,
			attachment,
			`客服${String(1 + Math.floor(r() * 16)).padStart(2, '0')}`,
			team,
			status,
			d.spike ? pick(['要求退回扣款', '希望尽快完成支付', '要求保留活动价格']) : pick(k.demand),
			solution,
			feedback,
			closed ? fmt(resolvedAt) : '',
			version,
			weighted(REGIONS)
		];
	});
}

/** The whole CSV text: BOM, header, CRLF after every record. */
export function generateSamplesCsv(): string {
	const lines = [HEADER, ...generateSampleRows()].map((row) => row.map(csvCell).join(','));
	return '\ufeff' + lines.join('\r\n') + '\r\n';
}

function summary(rows: string[][]): string[] {
	const col = (name: string) => HEADER.indexOf(name);
	const [cCreated, cCat, cChannel, cAttach, cText] = ['问题发生时间', '问题类型（一级/二级）', '沟通渠道', '附件信息', '问题描述'].map(col);
	const byMonth = new Map<string, { all: number; pay: number }>();
	for (const row of rows) {
		const m = row[cCreated].slice(0, 7);
		const e = byMonth.get(m) ?? { all: 0, pay: 0 };
		e.all++;
		if (row[cCat] === PAY.cat) e.pay++;
		byMonth.set(m, e);
	}
	const april = rows.filter((row) => row[cCat] === PAY.cat && row[cCreated].startsWith('2024-04'));
	const pct = (n: number) => `${((100 * n) / april.length).toFixed(0)}%`;
	return [
		...[...byMonth].sort().map(([m, e]) => `${m}: ${e.all} tickets, 支付失败 ${e.pay}`),
		`April 支付失败: ${april.length}; E2001 in 附件信息 ${pct(april.filter((x) => x[cAttach].includes('E2001')).length)}` +
			` (in 附件信息 or 问题描述 ${pct(april.filter((x) => x[cAttach].includes('E2001') || x[cText].includes('E2001')).length)}),` +
			` channel APP ${pct(april.filter((x) => x[cChannel] === 'APP').length)}`
	];
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
	const rows = generateSampleRows();
	const csv = generateSamplesCsv();
	writeFileSync(SAMPLE_PATH, csv);
	console.log(`wrote ${SAMPLE_PATH}: ${rows.length} tickets, ${Buffer.byteLength(csv)} bytes`);
	for (const line of summary(rows)) console.log(line);
}
