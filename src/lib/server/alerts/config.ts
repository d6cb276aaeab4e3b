// The alert settings from the environment, read in one place (README table).
export interface SmtpConfig {
	host: string;
	port: number;
	secure: boolean;
	user: string | null;
	pass: string | null;
	from: string;
}

export interface AlertConfig {
	/** CAUSEWAY_PUBLIC_URL without a trailing slash: links in messages are absolute; null = relative links are left out. */
	publicUrl: string | null;
	/** CAUSEWAY_ALERT_ALLOW_HOSTS: host names (or *.suffix) a destination URL may point at; null = any host. */
	allowHosts: string[] | null;
	smtp: SmtpConfig | null;
	/** CAUSEWAY_ALERT_CRON: when rules are evaluated besides after each import (default every 15 minutes). */
	evaluateCron: string;
	/** CAUSEWAY_REVIEW_CRON: when the weekly review goes out (default Monday 09:00 in CAUSEWAY_TZ). */
	reviewCron: string;
	/** CAUSEWAY_ALERT_TIMEOUT_MS: one delivery attempt's time limit. */
	timeoutMs: number;
	/** CAUSEWAY_ALERT_RETRIES: attempts after the first; CAUSEWAY_ALERT_BACKOFF_MS: the first wait, doubled each time. */
	retries: number;
	backoffMs: number;
}

function int(v: string | undefined, fallback: number, name: string): number {
	if (v === undefined || v === '') return fallback;
	if (!/^\d+$/.test(v)) throw new Error(`${name} must be a whole number, not "${v}"`);
	return Number(v);
}

export function readAlertConfig(env: NodeJS.ProcessEnv = process.env): AlertConfig {
	const host = env.CAUSEWAY_SMTP_HOST?.trim();
	const secure = env.CAUSEWAY_SMTP_SECURE === 'true' || env.CAUSEWAY_SMTP_SECURE === '1';
	const hosts = env.CAUSEWAY_ALERT_ALLOW_HOSTS?.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
	return {
		publicUrl: env.CAUSEWAY_PUBLIC_URL ? env.CAUSEWAY_PUBLIC_URL.replace(/\/+$/, '') : null,
		allowHosts: hosts && hosts.length ? hosts : null,
		smtp: host
			? {
					host,
					port: int(env.CAUSEWAY_SMTP_PORT, secure ? 465 : 587, 'CAUSEWAY_SMTP_PORT'),
					secure,
					user: env.CAUSEWAY_SMTP_USER || null,
					pass: env.CAUSEWAY_SMTP_PASS || null,
					from: env.CAUSEWAY_SMTP_FROM || `causeway@${host}`
				}
			: null,
		evaluateCron: env.CAUSEWAY_ALERT_CRON || '*/15 * * * *',
		reviewCron: env.CAUSEWAY_REVIEW_CRON || '0 9 * * 1',
		timeoutMs: int(env.CAUSEWAY_ALERT_TIMEOUT_MS, 10_000, 'CAUSEWAY_ALERT_TIMEOUT_MS'),
		retries: int(env.CAUSEWAY_ALERT_RETRIES, 2, 'CAUSEWAY_ALERT_RETRIES'),
		backoffMs: int(env.CAUSEWAY_ALERT_BACKOFF_MS, 1000, 'CAUSEWAY_ALERT_BACKOFF_MS')
	};
}

let cached: AlertConfig | null = null;
export function alertConfig(): AlertConfig {
	return (cached ??= readAlertConfig());
}
