import { chromium } from 'playwright-core';
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await b.newPage({ locale: 'zh-CN', viewport: { width: 1100, height: 800 } });
for (const f of process.argv.slice(2)) { await p.goto(f.startsWith('http') ? f : 'file://' + f); await p.waitForTimeout(300); await p.screenshot({ path: '/tmp/s-' + f.replace(/\W+/g, '_').slice(-40) + '.png', fullPage: true }); }
await b.close();
