import adapter from './scripts/adapter.js';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** @type {import('@sveltejs/kit').Config} */
const config = {
	preprocess: vitePreprocess(),
	kit: {
		adapter: adapter({ out: 'build' }),
		// Kit's check refuses form-type POSTs without an Origin header, which blocks scripted
		// uploads (curl -F file=@export.csv). hooks.server.ts refuses cross-site browser
		// writes instead: a browser always sends Origin on a cross-origin POST.
		csrf: { trustedOrigins: ['*'] },
		// pages run only our own scripts (SvelteKit adds nonces for its inline ones); styles may be
		// inline (Svelte and Plot set style attributes); nothing may frame the app
		csp: {
			mode: 'auto',
			directives: {
				'default-src': ['self'],
				'script-src': ['self'],
				'style-src': ['self', 'unsafe-inline'],
				'img-src': ['self', 'data:', 'blob:'],
				'font-src': ['self', 'data:'],
				'connect-src': ['self'],
				'object-src': ['none'],
				'base-uri': ['self'],
				'form-action': ['self'],
				'frame-ancestors': ['none']
			}
		}
	}
};

export default config;
