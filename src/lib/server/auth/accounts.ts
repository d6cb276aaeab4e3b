// Accounts: users with a role and a bcrypt password hash, browser sessions and
// API tokens (random secrets; only their SHA-256 is stored), all in DuckDB.
import bcrypt from 'bcryptjs';
import { createHash, randomBytes } from 'node:crypto';
import { isRole, type Role } from '../../auth/policy';
import type { Store } from '../db';
import { BadRequest, Conflict, NotFound } from '../errors';
import { sameName } from './names';

export interface User {
	id: number;
	name: string;
	role: Role;
}

export const SESSION_DAYS = 14;
/** Field limits, checked before any work (bcrypt). */
export const MAX_NAME = 50;
export const MAX_PASSWORD = 200;
export const MIN_PASSWORD = 8;
/** bcrypt reads the first 72 bytes of a password: a longer one would match any password that shares them. */
export const MAX_PASSWORD_BYTES = 72;
/** A new password's length is wrong (too short, or past what bcrypt reads). */
export const badPasswordLength = (p: string) => p.length < MIN_PASSWORD || p.length > MAX_PASSWORD || Buffer.byteLength(p) > MAX_PASSWORD_BYTES;
/** An API token's optional lifetime, in days. */
export const MAX_TOKEN_DAYS = 3650;
const BCRYPT_COST = 10;

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const secret = () => randomBytes(32).toString('base64url');
const utc = (ms = Date.now()) => new Date(ms).toISOString().replace('Z', '');

/** A user name as stored: trimmed, NFKC (full-width forms become plain ones). */
function checkName(name: unknown): string {
	const n = typeof name === 'string' && name.length <= MAX_NAME * 4 ? name.trim().normalize('NFKC') : '';
	if (!/^[^\s\p{C}]{1,50}$/u.test(n)) throw new BadRequest(`A user name is 1–${MAX_NAME} characters without spaces.`);
	return n;
}
function checkPassword(password: unknown): string {
	if (typeof password !== 'string' || badPasswordLength(password))
		throw new BadRequest(`A password has at least ${MIN_PASSWORD} characters and at most ${MAX_PASSWORD_BYTES} bytes (72 letters or digits, 24 Chinese characters: bcrypt reads no further).`);
	return password;
}

export async function userCount(store: Store): Promise<number> {
	return Number((await store.one<{ n: number }>('SELECT count(*) AS n FROM users'))?.n ?? 0);
}

export async function createUser(store: Store, body: { name: unknown; password: unknown; role: unknown }, opts: { onlyIfFirst?: boolean } = {}): Promise<User> {
	const name = checkName(body.name);
	const password = checkPassword(body.password);
	if (!isRole(body.role)) throw new BadRequest('role is viewer, analyst or admin.');
	const hash = await bcrypt.hash(password, BCRYPT_COST);
	return store.write(async (s) => {
		if (opts.onlyIfFirst && Number((await s.one<{ n: number }>('SELECT count(*) AS n FROM users'))?.n) > 0) throw new Conflict('The admin account exists already: sign in.');
		// unique case- and look-alike-insensitively: `Admin` or a Cyrillic `аdmin` is not a second admin
		const taken = (await s.all<{ name: string }>('SELECT name FROM users')).find((u) => sameName(u.name, name));
		if (taken) throw new Conflict(taken.name === name ? `There is a user ${name} already.` : `There is a user ${taken.name} already: ${name} would look the same.`);
		const r = await s.one<{ id: number }>('INSERT INTO users (name, role, password_hash, created_at) VALUES ($name, $role, $hash, $at::TIMESTAMP) RETURNING id', { name, role: body.role as string, hash, at: utc() });
		return { id: Number(r!.id), name, role: body.role as Role };
	});
}

let dummy: string | null = null;

/** The user with this name and password, or null (same answer for a wrong name and a wrong password). */
export async function checkLogin(store: Store, name: unknown, password: unknown): Promise<User | null> {
	if (typeof name !== 'string' || typeof password !== 'string' || name.length > MAX_NAME * 4 || password.length > MAX_PASSWORD) return null;
	const r = await store.one<{ id: number; name: string; role: Role; password_hash: string }>('SELECT id, name, role, password_hash FROM users WHERE name = $name AND NOT disabled', { name: name.trim().normalize('NFKC') });
	// compare against a dummy hash when there is no such user, so timing does not tell names apart
	dummy ??= await bcrypt.hash('no such user', BCRYPT_COST);
	const ok = await bcrypt.compare(password, r?.password_hash ?? dummy);
	return r && ok ? { id: Number(r.id), name: r.name, role: r.role } : null;
}

export async function listUsers(store: Store) {
	const rows = await store.all('SELECT id, name, role, disabled, created_at FROM users ORDER BY id');
	return rows.map((r) => ({ id: Number(r.id), name: r.name as string, role: r.role as Role, disabled: r.disabled as boolean, createdAt: r.created_at as string }));
}

/** Change a user's role, password or disabled flag; disabling, demoting or a new password ends their sessions and revokes their API tokens. The last admin stays an admin. */
export async function updateUser(store: Store, id: number, body: Record<string, unknown>) {
	const hash = body.password === undefined ? undefined : await bcrypt.hash(checkPassword(body.password), BCRYPT_COST);
	return store.write(async (s) => {
		const cur = await s.one<{ role: string; disabled: boolean }>('SELECT role, disabled FROM users WHERE id = $id', { id });
		if (!cur) throw new NotFound(`There is no user ${id}.`);
		const role = body.role === undefined ? cur.role : body.role;
		if (!isRole(role)) throw new BadRequest('role is viewer, analyst or admin.');
		const disabled = body.disabled === undefined ? cur.disabled : body.disabled === true;
		if (cur.role === 'admin' && (role !== 'admin' || disabled)) {
			const admins = Number((await s.one<{ n: number }>("SELECT count(*) AS n FROM users WHERE role = 'admin' AND NOT disabled"))?.n);
			if (admins <= 1) throw new Conflict('This is the last admin: make another admin first.');
		}
		await s.run('UPDATE users SET role = $role, disabled = $disabled, password_hash = coalesce($hash, password_hash) WHERE id = $id', { id, role, disabled, hash: hash ?? null });
		if (disabled || role !== cur.role || hash) {
			await s.run('DELETE FROM sessions WHERE user_id = $id', { id });
			await s.run('UPDATE api_tokens SET revoked_at = $now::TIMESTAMP WHERE user_id = $id AND revoked_at IS NULL', { id, now: utc() });
		}
		return { id, role, disabled };
	});
}

// --- sessions -----------------------------------------------------------------

export async function createSession(store: Store, userId: number): Promise<{ token: string; expires: Date }> {
	const token = secret();
	const expires = new Date(Date.now() + SESSION_DAYS * 86400_000);
	await store.write((s) => s.run('INSERT INTO sessions VALUES ($hash, $user, $now::TIMESTAMP, $exp::TIMESTAMP)', { hash: sha256(token), user: userId, now: utc(), exp: utc(expires.getTime()) }));
	return { token, expires };
}

export async function sessionUser(store: Store, token: string): Promise<User | null> {
	const r = await store.one<{ id: number; name: string; role: Role }>(
		`SELECT u.id, u.name, u.role FROM sessions s JOIN users u ON u.id = s.user_id
		 WHERE s.token_hash = $hash AND s.expires_at > $now::TIMESTAMP AND NOT u.disabled`,
		{ hash: sha256(token), now: utc() }
	);
	return r ? { id: Number(r.id), name: r.name, role: r.role } : null;
}

/** Sign out this session, or every session of its user ("everywhere"). */
export async function endSession(store: Store, token: string, everywhere: boolean): Promise<void> {
	await store.write(async (s) => {
		if (everywhere) await s.run('DELETE FROM sessions WHERE user_id IN (SELECT user_id FROM sessions WHERE token_hash = $hash)', { hash: sha256(token) });
		else await s.run('DELETE FROM sessions WHERE token_hash = $hash', { hash: sha256(token) });
		await s.run('DELETE FROM sessions WHERE expires_at < $now::TIMESTAMP', { now: utc() });
	});
}

// --- API tokens -----------------------------------------------------------------

/** Days until a token expires: absent or empty = never; else a whole number 1–MAX_TOKEN_DAYS. */
export function tokenDays(v: unknown): number | null {
	if (v === undefined || v === null || v === '') return null;
	const n = typeof v === 'number' ? v : /^\d{1,5}$/.test(String(v).trim()) ? Number(String(v).trim()) : NaN;
	if (!Number.isInteger(n) || n < 1 || n > MAX_TOKEN_DAYS) throw new BadRequest(`expiresInDays is a whole number of days from 1 to ${MAX_TOKEN_DAYS}, or empty for a token that does not expire.`);
	return n;
}

export async function createToken(store: Store, userId: number, name: unknown, expiresInDays: unknown = null): Promise<{ id: number; name: string; token: string; expiresAt: string | null }> {
	const label = typeof name === 'string' && name.trim() ? name.trim().slice(0, 100) : 'token';
	const days = tokenDays(expiresInDays);
	const expiresAt = days === null ? null : utc(Date.now() + days * 86400_000);
	const token = `cw_${secret()}`;
	const r = await store.write(async (s) => {
		const t = await s.one<{ id: number }>('INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($user, $name, $hash, $now::TIMESTAMP) RETURNING id', { user: userId, name: label, hash: sha256(token), now: utc() });
		if (expiresAt !== null) await s.run('INSERT INTO api_token_expiry VALUES ($id, $exp::TIMESTAMP)', { id: Number(t!.id), exp: expiresAt });
		return t;
	});
	return { id: Number(r!.id), name: label, token, expiresAt };
}

export async function listTokens(store: Store, userId: number) {
	const rows = await store.all('SELECT t.id, t.name, t.created_at, t.last_used_at, t.revoked_at, e.expires_at FROM api_tokens t LEFT JOIN api_token_expiry e ON e.token_id = t.id WHERE t.user_id = $user ORDER BY t.id', { user: userId });
	return rows.map((r) => ({
		id: Number(r.id),
		name: r.name as string,
		createdAt: r.created_at as string,
		lastUsedAt: (r.last_used_at as string) ?? null,
		revokedAt: (r.revoked_at as string) ?? null,
		expiresAt: (r.expires_at as string) ?? null
	}));
}

/** Revoke one of the user's tokens (an admin may revoke anyone's). */
export async function revokeToken(store: Store, id: number, by: User): Promise<void> {
	if (!Number.isSafeInteger(id) || id <= 0 || id > 2 ** 31 - 1) throw new NotFound(`There is no token ${id}.`);
	await store.write(async (s) => {
		const r = await s.one<{ user_id: number }>('SELECT user_id FROM api_tokens WHERE id = $id', { id });
		if (!r || (Number(r.user_id) !== by.id && by.role !== 'admin')) throw new NotFound(`There is no token ${id}.`);
		await s.run('UPDATE api_tokens SET revoked_at = $now::TIMESTAMP WHERE id = $id AND revoked_at IS NULL', { id, now: utc() });
	});
}

const lastUse = new Map<number, number>();

export async function tokenUser(store: Store, token: string): Promise<User | null> {
	const r = await store.one<{ tid: number; id: number; name: string; role: Role }>(
		`SELECT t.id AS tid, u.id, u.name, u.role FROM api_tokens t JOIN users u ON u.id = t.user_id LEFT JOIN api_token_expiry e ON e.token_id = t.id
		 WHERE t.token_hash = $hash AND t.revoked_at IS NULL AND (e.expires_at IS NULL OR e.expires_at > $now::TIMESTAMP) AND NOT u.disabled`,
		{ hash: sha256(token), now: utc() }
	);
	if (!r) return null;
	// note the last use at most once a minute, without making the request wait for the write lock
	const tid = Number(r.tid);
	if (Date.now() - (lastUse.get(tid) ?? 0) > 60_000) {
		lastUse.set(tid, Date.now());
		void store.write((s) => s.run('UPDATE api_tokens SET last_used_at = $now::TIMESTAMP WHERE id = $id', { id: tid, now: utc() })).catch(() => undefined);
	}
	return { id: Number(r.id), name: r.name, role: r.role };
}

/** CAUSEWAY_ADMIN_PASSWORD on a database without users: the first admin, named `admin`. */
export async function adminFromEnv(store: Store): Promise<void> {
	const password = process.env.CAUSEWAY_ADMIN_PASSWORD;
	if (!password || (await userCount(store)) > 0) return;
	await createUser(store, { name: process.env.CAUSEWAY_ADMIN_NAME || 'admin', password, role: 'admin' }, { onlyIfFirst: true });
	console.log('causeway: created the admin account from CAUSEWAY_ADMIN_PASSWORD');
}
