// The alert settings from the environment and the destination host allow-list.
import { describe, expect, it } from 'vitest';
import { readAlertConfig } from '../../src/lib/server/alerts/config';
import { hostAllowed, parseDestinations, publicRule } from '../../src/lib/server/alerts/rules';
import { causewaySignature, dingtalkUrl, feishuSign } from '../../src/lib/server/alerts/deliver';

describe('readAlertConfig', () => {
	it('defaults: no SMTP, any host, every 15 minutes, Monday 09:00', () => {
		const c = readAlertConfig({});
		expect(c).toMatchObject({ smtp: null, allowHosts: null, publicUrl: null, evaluateCron: '*/15 * * * *', reviewCron: '0 9 * * 1', timeoutMs: 10000, retries: 2, backoffMs: 1000 });
	});
	it('reads SMTP and the allow-list', () => {
		const c = readAlertConfig({ CAUSEWAY_SMTP_HOST: 'smtp.example.com', CAUSEWAY_SMTP_SECURE: 'true', CAUSEWAY_SMTP_USER: 'u', CAUSEWAY_SMTP_PASS: 'p', CAUSEWAY_ALERT_ALLOW_HOSTS: 'qyapi.weixin.qq.com, *.feishu.cn', CAUSEWAY_PUBLIC_URL: 'https://cw.example.com/' });
		expect(c.smtp).toEqual({ host: 'smtp.example.com', port: 465, secure: true, user: 'u', pass: 'p', from: 'causeway@smtp.example.com' });
		expect(c.allowHosts).toEqual(['qyapi.weixin.qq.com', '*.feishu.cn']);
		expect(c.publicUrl).toBe('https://cw.example.com');
		expect(() => readAlertConfig({ CAUSEWAY_ALERT_TIMEOUT_MS: 'soon' })).toThrow('CAUSEWAY_ALERT_TIMEOUT_MS');
	});
});

describe('destinations', () => {
	it('the allow-list matches exact hosts and *.suffix, nothing else', () => {
		const allow = ['qyapi.weixin.qq.com', '*.feishu.cn'];
		expect(hostAllowed('qyapi.weixin.qq.com', allow)).toBe(true);
		expect(hostAllowed('open.feishu.cn', allow)).toBe(true);
		expect(hostAllowed('feishu.cn', allow)).toBe(false);
		expect(hostAllowed('evilfeishu.cn', allow)).toBe(false);
		expect(hostAllowed('qyapi.weixin.qq.com.evil.com', allow)).toBe(false);
		expect(hostAllowed('169.254.169.254', allow)).toBe(false);
		expect(hostAllowed('anything', null)).toBe(true);
	});
	it('publicRule keeps scheme and host only, and never the secret', () => {
		const d = parseDestinations([{ kind: 'dingtalk', url: 'https://oapi.dingtalk.com/robot/send?access_token=TOKEN', secret: 'SECxyz' }, { kind: 'email', to: 'a@b.cn, c@d.cn' }]);
		const pub = publicRule({ destinations: d } as never);
		expect(JSON.stringify(pub)).not.toMatch(/TOKEN|SECxyz|robot/);
		expect(pub.destinations).toEqual([
			{ id: d[0].id, kind: 'dingtalk', target: 'https://oapi.dingtalk.com', hasSecret: true },
			{ id: d[1].id, kind: 'email', to: ['a@b.cn', 'c@d.cn'], hasSecret: false }
		]);
		expect(() => parseDestinations([{ kind: 'email', to: 'not an address' }])).toThrow('is not an e-mail address');
		expect(() => parseDestinations([{ kind: 'wecom', url: 'https://user:pw@qyapi.weixin.qq.com/x' }])).toThrow('user name or password');
	});
	it('signatures as the services document them', () => {
		// 钉钉: HmacSHA256(secret, ts + "\n" + secret), base64, URL-encoded into the query
		const u = new URL(dingtalkUrl('https://oapi.dingtalk.com/robot/send?access_token=t', 'SEC1', 1700000000000));
		expect(u.searchParams.get('timestamp')).toBe('1700000000000');
		expect(u.searchParams.get('sign')).toBe('ukR4+WoOOBTGaOauYqugxVrMSFyr92q4hPxJxuOkiio=');
		// 飞书: HmacSHA256(key = ts + "\n" + secret, ""), base64, seconds
		expect(feishuSign('s3', 1599360473)).toEqual({ timestamp: '1599360473', sign: 'g+H3g1BiDzQW5V29B0uWzugxu8DoDiBPK5pEStUQJSE=' });
		expect(causewaySignature('{"a":1}', 'k')).toBe('sha256=c3a92ff9e274cdcce27a58c15a78ec6dcbbdbd0038a87e7a11baef2028fd8bff');
	});
});
