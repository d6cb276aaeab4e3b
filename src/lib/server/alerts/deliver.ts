// Sending a message to one destination: each service's documented format and
// signature, a time limit per attempt, retries with back-off on network errors,
// timeouts, 429 and 5xx. Redirects are not followed (a redirect could lead past
// CAUSEWAY_ALERT_ALLOW_HOSTS). A receiver's answer is reduced to its status and,
// for the chat services, their own error code and message — never its body, so
// a destination cannot be used to read a page off the server's network.
import { createHash, createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Lang } from '../../i18n';
import { dingtalkBody, emailBody, feishuBody, slackBody, wecomBody, webhookBody, type AlertMessage } from '../../alerts/message';
import { alertConfig, type AlertConfig } from './config';
import { checkUrl, type Destination } from './rules';

export interface DeliveryResult {
	ok: boolean;
	error?: string;
	attempts: number;
}

export interface Attachment {
	filename: string;
	content: string;
	contentType: string;
}

export interface Outgoing {
	message: AlertMessage;
	lang: Lang;
	/** E-mail only: the HTML body instead of the message's own (the weekly review). */
	html?: string;
	attachments?: Attachment[];
}

/** HMAC-SHA256 of the body with the rule's secret, hex: the X-Causeway-Signature header is `sha256=<hex>`. */
export function causewaySignature(body: string, secret: string): string {
	return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}

/** 钉钉 signed-URL mode: sign = urlEncode(base64(HmacSHA256(key = secret, timestamp + "\n" + secret))), timestamp in ms. */
export function dingtalkUrl(url: string, secret: string, now = Date.now()): string {
	const sign = createHmac('sha256', secret).update(`${now}\n${secret}`, 'utf8').digest('base64');
	const u = new URL(url);
	u.searchParams.set('timestamp', String(now));
	u.searchParams.set('sign', sign);
	return u.toString();
}

/** 飞书 signature mode: sign = base64(HmacSHA256(key = timestamp + "\n" + secret, empty message)), timestamp in seconds, both in the body. */
export function feishuSign(secret: string, seconds = Math.floor(Date.now() / 1000)): { timestamp: string; sign: string } {
	return { timestamp: String(seconds), sign: createHmac('sha256', `${seconds}\n${secret}`).update('').digest('base64') };
}

interface Request {
	url: string;
	body: string;
	headers: Record<string, string>;
	/** The service says 200 but reports a failure in the JSON (企业微信/钉钉 errcode, 飞书 code). */
	check?: (json: Record<string, unknown>) => string | null;
}

const errcode = (j: Record<string, unknown>) => (j.errcode !== undefined && Number(j.errcode) !== 0 ? `errcode ${Number(j.errcode)}: ${String(j.errmsg ?? '').slice(0, 200)}` : null);
const feishuCode = (j: Record<string, unknown>) => {
	const code = j.code ?? j.StatusCode;
	return code !== undefined && Number(code) !== 0 ? `code ${Number(code)}: ${String(j.msg ?? j.StatusMessage ?? '').slice(0, 200)}` : null;
};

function request(d: Destination, out: Outgoing): Request {
	const json = { 'content-type': 'application/json; charset=utf-8', 'user-agent': 'Causeway-Alerts/1' };
	const url = checkUrl(d.url, d.kind);
	const m = out.message;
	switch (d.kind) {
		case 'wecom':
			return { url, body: JSON.stringify(wecomBody(m, out.lang)), headers: json, check: errcode };
		case 'dingtalk':
			return { url: d.secret ? dingtalkUrl(url, d.secret) : url, body: JSON.stringify(dingtalkBody(m, out.lang)), headers: json, check: errcode };
		case 'feishu': {
			const body = feishuBody(m, out.lang);
			return { url, body: JSON.stringify(d.secret ? { ...feishuSign(d.secret), ...body } : body), headers: json, check: feishuCode };
		}
		case 'slack':
			return { url, body: JSON.stringify(slackBody(m, out.lang)), headers: json };
		default: {
			const body = JSON.stringify(webhookBody(m));
			// the same message retried carries the same delivery id, so a receiver can drop a repeat
			const delivery = createHash('sha256').update(`${d.id}\n${body}`).digest('hex').slice(0, 16);
			return { url, body, headers: { ...json, 'x-causeway-signature': causewaySignature(body, d.secret ?? ''), 'x-causeway-event': String(m.data.type ?? 'alert'), 'x-causeway-delivery': delivery } };
		}
	}
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(req: Request, cfg: AlertConfig): Promise<{ ok: boolean; error?: string; retry: boolean }> {
	try {
		const r = await fetch(req.url, { method: 'POST', headers: req.headers, body: req.body, redirect: 'manual', signal: AbortSignal.timeout(cfg.timeoutMs) });
		const text = await r.text().catch(() => '');
		if (r.status >= 300 && r.status < 400) return { ok: false, error: `HTTP ${r.status}: redirects are not followed`, retry: false };
		if (!r.ok) return { ok: false, error: `HTTP ${r.status}`, retry: r.status === 429 || r.status >= 500 };
		if (req.check) {
			let j: unknown = null;
			try {
				j = JSON.parse(text);
			} catch {
				/* not JSON: nothing to check */
			}
			const problem = j && typeof j === 'object' ? req.check(j as Record<string, unknown>) : null;
			if (problem) return { ok: false, error: problem, retry: false };
		}
		return { ok: true, retry: false };
	} catch (e) {
		const err = e as Error & { cause?: { code?: string } };
		const why = err.name === 'TimeoutError' ? `no answer within ${cfg.timeoutMs} ms` : (err.cause?.code ?? err.message);
		return { ok: false, error: why, retry: true };
	}
}

async function sendMail(d: Destination, out: Outgoing, cfg: AlertConfig): Promise<{ ok: boolean; error?: string; retry: boolean }> {
	if (!cfg.smtp) return { ok: false, error: 'e-mail is not configured (CAUSEWAY_SMTP_HOST)', retry: false };
	const body = emailBody(out.message, out.lang);
	const transport = nodemailer.createTransport({
		host: cfg.smtp.host,
		port: cfg.smtp.port,
		secure: cfg.smtp.secure,
		auth: cfg.smtp.user ? { user: cfg.smtp.user, pass: cfg.smtp.pass ?? '' } : undefined,
		connectionTimeout: cfg.timeoutMs,
		greetingTimeout: cfg.timeoutMs,
		socketTimeout: cfg.timeoutMs
	});
	try {
		await transport.sendMail({ from: cfg.smtp.from, to: d.to, subject: body.subject, text: body.text, html: out.html ?? body.html, attachments: out.attachments });
		return { ok: true, retry: false };
	} catch (e) {
		const err = e as Error & { responseCode?: number; code?: string };
		const permanent = typeof err.responseCode === 'number' && err.responseCode >= 500;
		return { ok: false, error: `${err.code ?? 'SMTP'}${err.responseCode ? ` ${err.responseCode}` : ''}: ${err.message.split('\n')[0].slice(0, 200)}`, retry: !permanent };
	} finally {
		transport.close();
	}
}

/** One destination, with retries: the first wait backoffMs, doubled each time. */
export async function deliver(d: Destination, out: Outgoing, cfg: AlertConfig = alertConfig()): Promise<DeliveryResult> {
	let attempts = 0;
	let last: { ok: boolean; error?: string; retry: boolean } = { ok: false, retry: false };
	for (;;) {
		attempts++;
		try {
			last = d.kind === 'email' ? await sendMail(d, out, cfg) : await post(request(d, out), cfg);
		} catch (e) {
			// a stored URL no longer allowed (CAUSEWAY_ALERT_ALLOW_HOSTS changed), or one that no longer parses
			last = { ok: false, error: (e as Error).message, retry: false };
		}
		if (last.ok) return { ok: true, attempts };
		if (!last.retry || attempts > cfg.retries) return { ok: false, error: last.error, attempts };
		await sleep(cfg.backoffMs * 2 ** (attempts - 1));
	}
}
