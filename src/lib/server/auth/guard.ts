// The signed-in account a self-service route acts for; single-user mode has none.
import { BadRequest } from '../errors';
import type { User } from './accounts';
import { LOCAL_USER } from './mode';

export function accountOf(user: User | null): User {
	if (!user || user === LOCAL_USER || user.id === LOCAL_USER.id) throw new BadRequest('Accounts are off (single-user mode): there are no users or tokens to manage.');
	return user;
}
