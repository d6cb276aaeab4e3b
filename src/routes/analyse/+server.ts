// The analysis page moved to /pareto; old bookmarks keep working.
import { redirect } from '@sveltejs/kit';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = ({ url }) => redirect(308, `/pareto${url.search}`);
