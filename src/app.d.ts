import type { Lang } from '$lib/i18n';
import type { User } from '$lib/server/auth/accounts';

declare global {
	namespace App {
		interface Locals {
			lang: Lang;
			/** The signed-in user (LOCAL_USER in single-user mode), or null. */
			user: User | null;
			authOn: boolean;
		}
	}
}

export {};
