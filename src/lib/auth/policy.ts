// Who may do what. Roles nest: a viewer reads dashboards, notebooks and cases;
// an analyst also imports, renames datasets and edits cases; an admin also manages
// users, deletes imports and datasets and reads the audit log. One table from route and method to the role
// it needs, enforced in hooks.server.ts for every page and API route.

export const ROLES = ['viewer', 'analyst', 'admin'] as const;
export type Role = (typeof ROLES)[number];
/** `public`: no account needed (the login and first-run pages, static files). */
export type Need = 'public' | Role;

const READ = new Set(['GET', 'HEAD', 'OPTIONS']);
const PUBLIC_ROUTES = new Set(['/login', '/setup']);
const ADMIN_PREFIXES = ['/admin', '/api/users', '/api/audit'];
/** Routes every signed-in user may write to: their own session and tokens. */
const SELF_SERVICE = ['/logout', '/account', '/api/tokens', '/api/logout'];

export function requiredRole(routeId: string | null, method: string): Need {
	if (routeId === null) return 'public';
	if (PUBLIC_ROUTES.has(routeId)) return 'public';
	if (ADMIN_PREFIXES.some((p) => routeId === p || routeId.startsWith(`${p}/`))) return 'admin';
	if (SELF_SERVICE.some((p) => routeId === p || routeId.startsWith(`${p}/`))) return 'viewer';
	if (READ.has(method)) return 'viewer';
	if (routeId === '/api/imports/[id]' && method === 'DELETE') return 'admin';
	if (routeId === '/api/datasets/[id]' && method === 'DELETE') return 'admin';
	return 'analyst';
}

export function allows(role: Role | null | undefined, need: Need): boolean {
	if (need === 'public') return true;
	if (!role) return false;
	return ROLES.indexOf(role) >= ROLES.indexOf(need);
}

export function isRole(v: unknown): v is Role {
	return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}
