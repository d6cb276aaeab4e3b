import { describe, expect, it } from 'vitest';
import { Tokenizer, foldPlural, joinPair } from '../../src/lib/server/text/tokenize';

const tk = new Tokenizer();

describe('tokenizer: Chinese ticket text', () => {
	it('segments words and drops stop words, single characters and the order number', () => {
		const t = tk.tokens('您好，我们的客户反馈活动期间支付失败，提示错误码E2001，订单号DD202404150012');
		expect(t.words).toContain('活动');
		expect(t.words).toContain('支付');
		expect(t.words).toContain('失败');
		expect(t.words).toContain('E2001');
		for (const w of ['您好', '我们', '客户', '反馈', '的', '号', 'DD202404150012', 'dd202404150012']) expect(t.words).not.toContain(w);
		expect(t.words.every((w) => w.length >= 2)).toBe(true);
	});

	it('joins single characters ICU leaves apart (异|响 → 异响, 账|号 → 账号) but not across function characters', () => {
		expect(tk.tokens('北京现代领动转向异响').words).toContain('异响');
		expect(tk.tokens('登录时提示账号或密码错误').words).toEqual(expect.arrayContaining(['账号', '密码', '错误']));
		// 没 and 人 are not joined: 没 is a function character, and 人 alone is dropped
		expect(tk.tokens('快递没人送').words).not.toContain('没人');
	});

	it('makes adjacent words pairs, not across punctuation or a dropped word or a space between Chinese statements', () => {
		const t = tk.tokens('支付失败，退款很慢');
		expect(t.pairs).toContain('支付失败');
		expect(t.pairs).not.toContain('失败退款'); // a comma between
		expect(tk.tokens('支付的失败').pairs).not.toContain('支付失败'); // 的 dropped between
		expect(tk.tokens('排气管生锈 安全气囊故障').pairs).not.toContain('生锈安全');
	});

	it('keeps a user dictionary word whole', () => {
		expect(tk.tokens('支付通道异常，花呗付款失败').words).not.toContain('支付通道');
		const dict = new Tokenizer({ dictionary: ['支付通道', '花呗'] });
		const t = dict.tokens('支付通道异常，花呗付款失败');
		expect(t.words).toEqual(['支付通道', '异常', '花呗', '付款', '失败']);
	});

	it('drops a dataset’s extra stop words', () => {
		expect(new Tokenizer({ stopWords: ['异常'] }).tokens('支付通道异常').words).not.toContain('异常');
	});

	it('terms() is the distinct words plus only the accepted phrases', () => {
		const terms = tk.terms('支付失败，支付失败，退款到账', new Set(['支付失败']));
		expect(terms.sort()).toEqual(['到账', '失败', '支付', '支付失败', '退款'].sort());
	});
});

describe('tokenizer: English ticket text', () => {
	it('lower-cases, folds plurals, keeps codes and versions, drops stop words, numbers, phones, URLs and e-mails', () => {
		const t = tk.tokens("The bank's Fees are unfair! Call 555-123-4567, see https://example.com/fees or mail a.b@example.com. Error E2001 after update to v3.2.0, order 12345678");
		expect(t.words).toEqual(['bank', 'fee', 'unfair', 'call', 'mail', 'error', 'E2001', 'update', 'V3.2.0', 'order']);
	});

	it('pairs adjacent words into phrases across spaces', () => {
		const t = tk.tokens('Data cap throttling: my data cap was reached');
		expect(t.pairs.filter((p) => p === 'data cap')).toHaveLength(2);
		expect(t.pairs).toContain('cap throttling');
		expect(t.pairs).not.toContain('throttling data'); // the colon breaks the clause
	});

	it('folds simple plurals only', () => {
		expect(['tickets', 'charges', 'fees', 'batteries', 'boxes', 'status', 'access', 'gas', 'bus'].map(foldPlural)).toEqual([
			'ticket', 'charge', 'fee', 'battery', 'box', 'status', 'access', 'gas', 'bus'
		]);
	});

	it('joins Chinese pairs directly and mixed or English pairs with a space', () => {
		expect(joinPair('支付', '失败')).toBe('支付失败');
		expect(joinPair('data', 'cap')).toBe('data cap');
		expect(joinPair('vip', '会员')).toBe('vip 会员');
	});

	it('handles empty and null text', () => {
		expect(tk.tokens(null)).toEqual({ words: [], pairs: [] });
		expect(tk.terms('')).toEqual([]);
	});
});

describe('tokenizer: codes and redactions', () => {
	it('keeps an error code out of pairs and drops redaction marks', () => {
		const t = tk.tokens('页面报错E2001，XXXX bank XX/XX/2019');
		expect(t.words).toContain('E2001');
		expect(t.pairs.some((p) => p.includes('E2001'))).toBe(false);
		expect(t.words).not.toContain('xxxx');
		expect(t.words).not.toContain('xx');
	});
});

describe('tokenizer: numbers after 单号', () => {
	it('drops an order number even when it looks like a code, keeps the code itself', () => {
		for (const text of ['订单号DD1234一直没有更新', '运单号：SF1234', '工单号 E2001A']) expect(tk.tokens(text).words.some((w) => /\d/.test(w))).toBe(false);
		expect(tk.tokens('支付报错E2001，订单号DD122885').words).toEqual(['支付', '报错', 'E2001', '订单']);
		expect(tk.tokens('车机J300故障').words).toContain('J300');
	});
});
