// Real receivers on 127.0.0.1 standing in for each destination: one HTTP server
// whose paths play 企业微信, 钉钉, 飞书, Slack and a generic webhook — each
// checks the body format and the signature as the service documents them, and
// answers as the service does — and an SMTP server (smtp-server) whose mails are
// parsed with mailparser. Written from the services' documentation, not from
// our sending code, so a wrong signature or format fails here.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';

export interface Received {
	kind: string;
	path: string;
	query: URLSearchParams;
	headers: IncomingMessage['headers'];
	raw: string;
	body: Record<string, unknown> | null;
	/** null when the format and signature are as documented, else what is wrong. */
	problem: string | null;
}

export const SECRETS = { webhook: 'whsec-test-1', dingtalk: 'SECdingtalk-test', feishu: 'feishu-test-secret' };

const eq = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

function check(kind: string, query: URLSearchParams, headers: IncomingMessage['headers'], raw: string, body: Record<string, unknown> | null): string | null {
	if (!body) return 'the body is not JSON';
	const now = Date.now();
	switch (kind) {
		case 'webhook': {
			const sig = String(headers['x-causeway-signature'] ?? '');
			const want = `sha256=${createHmac('sha256', SECRETS.webhook).update(raw).digest('hex')}`;
			if (!eq(sig, want)) return 'bad X-Causeway-Signature';
			if (!Array.isArray(body.lines) || typeof body.type !== 'string') return 'no lines/type';
			return null;
		}
		case 'wecom': {
			const md = body.markdown as { content?: unknown } | undefined;
			if (body.msgtype !== 'markdown' || typeof md?.content !== 'string') return 'not a markdown message';
			if (Buffer.byteLength(md.content) > 4096) return 'markdown.content exceed max length 4096';
			return null;
		}
		case 'dingtalk': {
			// signed-URL mode: timestamp (ms) and sign = urlEncode(base64(HmacSHA256(secret, timestamp + "\n" + secret)))
			const ts = query.get('timestamp');
			const sign = query.get('sign');
			if (!ts || !sign) return 'no timestamp/sign in the URL';
			if (Math.abs(now - Number(ts)) > 3600_000) return 'timestamp too old';
			const want = createHmac('sha256', SECRETS.dingtalk).update(`${ts}\n${SECRETS.dingtalk}`).digest('base64');
			if (!eq(sign, want)) return 'sign not match';
			const md = body.markdown as { title?: unknown; text?: unknown } | undefined;
			if (body.msgtype !== 'markdown' || typeof md?.title !== 'string' || typeof md?.text !== 'string') return 'not a markdown message';
			return null;
		}
		case 'feishu': {
			// signature mode: timestamp (s) and sign = base64(HmacSHA256(key = timestamp + "\n" + secret, ""))
			const ts = String(body.timestamp ?? '');
			const sign = String(body.sign ?? '');
			if (!ts || !sign) return 'no timestamp/sign';
			if (Math.abs(now / 1000 - Number(ts)) > 3600) return 'timestamp is not within one hour';
			const want = createHmac('sha256', `${ts}\n${SECRETS.feishu}`).update('').digest('base64');
			if (!eq(sign, want)) return 'sign match fail';
			const card = body.card as { header?: { title?: { content?: unknown } }; elements?: unknown } | undefined;
			if (body.msg_type !== 'interactive' || typeof card?.header?.title?.content !== 'string' || !Array.isArray(card.elements)) return 'not an interactive card';
			return null;
		}
		case 'slack':
			if (typeof body.text !== 'string' || !Array.isArray(body.blocks)) return 'no text/blocks';
			return null;
		default:
			return null;
	}
}

function answer(kind: string, problem: string | null): { status: number; type: string; body: string } {
	if (kind === 'wecom' || kind === 'dingtalk')
		return { status: 200, type: 'application/json', body: JSON.stringify(problem ? { errcode: 310000, errmsg: problem } : { errcode: 0, errmsg: 'ok' }) };
	if (kind === 'feishu') return { status: 200, type: 'application/json', body: JSON.stringify(problem ? { code: 19021, msg: problem, data: {} } : { code: 0, msg: 'success', data: {} }) };
	if (kind === 'slack') return problem ? { status: 400, type: 'text/plain', body: 'invalid_payload' } : { status: 200, type: 'text/plain', body: 'ok' };
	return problem ? { status: 401, type: 'text/plain', body: problem } : { status: 204, type: 'text/plain', body: '' };
}

export interface Receivers {
	url: string;
	smtpPort: number;
	received: Received[];
	mails: ParsedMail[];
	/** requests to /flaky/… so far (the first two answer 503) */
	flaky: number;
	of: (kind: string) => Received[];
	close: () => Promise<void>;
}

export async function startReceivers(): Promise<Receivers> {
	const received: Received[] = [];
	const mails: ParsedMail[] = [];
	const state = { flaky: 0 };
	const http: Server = createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on('data', (c) => chunks.push(c));
		req.on('end', () => {
			const u = new URL(req.url ?? '/', 'http://127.0.0.1');
			const kind = u.pathname.split('/')[1] ?? '';
			if (kind === 'slow') return; // never answers: the sender's time limit must end it
			if (kind === 'down') return res.writeHead(500).end('down');
			if (kind === 'redirect') return res.writeHead(302, { location: 'http://127.0.0.1:1/' }).end();
			if (kind === 'flaky' && ++state.flaky <= 2) return res.writeHead(503).end('busy');
			const raw = Buffer.concat(chunks).toString('utf8');
			let body: Record<string, unknown> | null = null;
			try {
				body = JSON.parse(raw);
			} catch {
				body = null;
			}
			const k = kind === 'flaky' ? 'webhook' : kind;
			const problem = check(k, u.searchParams, req.headers, raw, body);
			received.push({ kind: k, path: u.pathname, query: u.searchParams, headers: req.headers, raw, body, problem });
			const a = answer(k, problem);
			res.writeHead(a.status, { 'content-type': a.type }).end(a.body);
		});
	});
	await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
	const smtp = new SMTPServer({
		authOptional: true,
		disabledCommands: ['STARTTLS'],
		onAuth(auth, _session, cb) {
			if (auth.username === 'causeway' && auth.password === 'smtp-pass') return cb(null, { user: auth.username });
			cb(new Error('Invalid username or password'));
		},
		onData(stream, _session, cb) {
			simpleParser(stream)
				.then((m) => {
					mails.push(m);
					cb();
				})
				.catch(cb);
		}
	});
	await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
	const smtpPort = (smtp.server.address() as AddressInfo).port;
	return {
		url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`,
		smtpPort,
		received,
		mails,
		get flaky() {
			return state.flaky;
		},
		of: (kind) => received.filter((r) => r.kind === kind),
		close: async () => {
			http.closeAllConnections();
			await new Promise<void>((r) => http.close(() => r()));
			await new Promise<void>((r) => smtp.close(() => r()));
		}
	};
}

/** Wait until fn() is true (polling), or fail after ms. */
export async function until(fn: () => boolean | Promise<boolean>, ms = 20_000, what = 'condition'): Promise<void> {
	const end = Date.now() + ms;
	while (!(await fn())) {
		if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
		await new Promise((r) => setTimeout(r, 100));
	}
}
