import fs from 'fs';
import { Tokenizer } from './src/lib/server/text/tokenize';
import { Tokenizer as Old } from './src/lib/server/text/tokenize-old';
const lines = fs.readFileSync('/tmp/tx/1m.csv','utf8').split('\n').slice(1, 200001).map(l => l.split(',')[6]);
for (let r = 0; r < 2; r++) for (const [name, K] of [['new', Tokenizer], ['old', Old]] as const) {
const tk = new K();
const c0 = process.cpuUsage(); let n = 0;
for (const l of lines) n += tk.tokens(' 。 ' + l).words.length;
const c = process.cpuUsage(c0);
console.log(name, 'cpu ms', ((c.user + c.system) / 1000).toFixed(0), n);
}
