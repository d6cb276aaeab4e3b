// The importer speaks English (CLI output, the API's {error}, stored reject
// reasons). The import page shows its sentences in the UI language: each known
// sentence shape has its Chinese form here. An unknown sentence is shown as it is.
import type { Lang } from '../i18n';

type Rule = [RegExp, (m: RegExpExecArray) => string];

const FILE_KINDS: [RegExp, string][] = [
	[/^a ZIP archive, not an Excel workbook/, '这是 ZIP 压缩包，不是 Excel 工作簿（.xlsx）或 CSV 导出'],
	[/^an old Excel 97–2003 workbook \(\.xls\)/, '这是旧版 Excel 97–2003 工作簿（.xls），暂不支持：请在 Excel 中另存为 .xlsx 或 CSV（UTF-8）后再上传'],
	[/^a PDF document/, '这是 PDF 文档，不是 CSV 导出'],
	[/^a PNG image/, '这是 PNG 图片，不是 CSV 导出'],
	[/^a JPEG image/, '这是 JPEG 图片，不是 CSV 导出'],
	[/^a SQLite database/, '这是 SQLite 数据库，不是 CSV 导出'],
	[/^a DuckDB database/, '这是 DuckDB 数据库，不是 CSV 导出']
];

const RULES: Rule[] = [
	// refusals
	[/^The file is empty\.$/, () => '文件是空的。'],
	[/^The workbook has no sheet "(.*)" \(sheets: (.*)\)\.$/, (m) => `工作簿中没有“${m[1]}”工作表（现有工作表：${m[2]}）。`],
	[/^The Excel workbook has no sheet with data/, () => 'Excel 工作簿中没有含数据的工作表。'],
	[/^The sheet "(.*)" is empty\.$/, (m) => `工作表“${m[1]}”是空的。`],
	[/^The Excel workbook could not be read: (.*)$/, (m) => `无法读取此 Excel 工作簿：${m[1]}`],
	[/^The Excel workbook is incomplete/, () => 'Excel 工作簿不完整（文件末尾缺失，像是下载或上传被中断）：请重新保存或上传。'],
	[/^This file is binary, not a CSV export/, () => '这是二进制文件，不是 CSV 导出（含有文本中不会出现的控制字节）。'],
	[/^This file is (.+)\.$/, (m) => (FILE_KINDS.find(([re]) => re.test(m[1]))?.[1] ?? m[0]) + '。'],
	[/^No header row found: the first lines do not form a table/, () => '找不到表头：文件开头几行不构成两列或以上的表格。'],
	[/^No header row found: the first row of the table has no column names\.$/, () => '找不到表头：表格第一行没有列名。'],
	[/^No header row found: the first row holds data \((.*)\), not column names\.$/, (m) => `找不到表头：第一行是数据（${m[1]}），不是列名。`],
	[/^No column can be the creation time \(columns: (.*)\): choose one/, (m) => `没有可作为创建时间的列（现有列：${m[1]}）：请在字段映射中选择，或用 --map created_at=<列名> 指定。`],
	[/^The column "(.*)" chosen as the creation time holds no dates \(e\.g\. (.*)\)/, (m) => `被选为创建时间的“${m[1]}”列里没有日期（例如 ${m[2]}）：请选择其他列。`],
	[/^The file has a header but no rows\.$/, () => '文件只有表头，没有数据行。'],
	[/^The header has ([\d,]+)( or more)? columns; at most ([\d,]+) are supported/, (m) => `表头有 ${m[1]} 列${m[2] ? '以上' : ''}，最多支持 ${m[3]} 列：请只导出需要的列。`],
	[/^The import ran out of memory \(the file has (\d+) columns\)/, (m) => `导入时内存不足（文件有 ${m[1]} 列）：请调高 CAUSEWAY_MEMORY_LIMIT，或少导出一些列或行。`],
	[/^None of the (\d+) rows could be imported: line (\d+), (.*)\.$/, (m) => `${m[1]} 行都无法导入：第 ${m[2]} 行，${reason(m[3])}。`],
	[/^None of the (\d+) rows could be imported\.$/, (m) => `${m[1]} 行都无法导入。`],
	[/^Unknown field "(.*)" in the mapping/, (m) => `映射中的字段“${m[1]}”不存在。`],
	[/^The file has no column "(.*)" to map to (\w+)/, (m) => `文件中没有“${m[1]}”列，无法映射到 ${m[2]}。`],
	[/^Unknown encoding "(.*)"/, (m) => `未知编码“${m[1]}”：可用 auto、utf-8、gbk 或 utf-16le。`],
	[/^Unknown delimiter "(.*)"/, (m) => `未知分隔符“${m[1]}”：可用 auto、逗号、分号、tab 或 |。`],
	[/^DuckDB could not read the file as CSV: (.*)$/, (m) => `无法按 CSV 读取此文件：${m[1]}`],
	[/^The gzip file is damaged/, () => 'gzip 压缩文件已损坏。'],
	[/^The file could not be read to the end: (.*)$/, (m) => `文件无法完整读取：${m[1]}`],
	[/^The file is larger than the upload limit of (\d+) MB\.$/, (m) => `文件超过上传上限 ${m[1]} MB。`],
	[/^The request has no file in its body/, () => '请求中没有文件。'],
	[/^The upload did not arrive whole/, () => '上传没有完整到达服务器，请重试。'],
	[/^The gzip file expands to more than (\d+) MB, the most a compressed upload may hold \((\d+) ×/, (m) => `gzip 文件解压后超过 ${m[1]} MB，超出压缩上传允许的上限（CAUSEWAY_MAX_UPLOAD_MB 的 ${m[2]} 倍）。`],
	[/^The import took longer than the limit of (\d+(?:\.\d+)?) s/, (m) => `导入超过了 ${m[1]} 秒的时间上限（CAUSEWAY_IMPORT_TIMEOUT_S），已停止；没有保存任何内容。`],
	[/^There is no space left on the server's disk/, () => '服务器磁盘空间已满：导入已停止，没有保存任何内容；请在数据库所在位置释放空间后重新导入。'],
	[/^The server is already receiving or importing (\d+) files/, (m) => `服务器正在接收或导入 ${m[1]} 个文件：请一分钟后再试。`],
	[/^The upload stalled: nothing arrived for (\d+) s\.$/, (m) => `上传中断：${m[1]} 秒内没有收到任何数据。`],
	[/^The upload was cancelled\.$/, () => '上传已取消。'],
	[/^The connection to the server was lost during the upload\.$/, () => '上传过程中与服务器的连接中断。'],
	// warnings
	[/^Column "(.*)" is ambiguous: every value reads as (.+?) or as (.+?); /, (m) => `“${m[1]}”列的日期有歧义：每个值既可按 ${m[2]} 也可按 ${m[3]} 读取；已按 ${m[2]} 导入，可在映射中指定日期顺序后重新导入。`],
	[/^Ticket ids repeat in this file: the last row of each id in file order was kept/, () => '文件中有重复的工单号：每个工单号保留文件中最后一行（可映射 mod_count 或 updated_at 按版本选择）。'],
	[/^Column "(.*)" has more than (\d+) distinct values/, (m) => `“${m[1]}”列有超过 ${m[2]} 个不同的值，已按原样保留。`],
	[/^Column "(.*)" \((\w+)\) holds no recognisable dates/, (m) => `“${m[1]}”列（${m[2]}）中没有可识别的日期，未作为 ${m[2]} 导入。`],
	[/^The file is not valid UTF-8 \(line (\d+) is the first of (\d+) such lines in the first (\d+)\), so the whole file was read as GBK\/GB18030/, (m) => `文件不是有效的 UTF-8（前 ${m[3]} 行中有 ${m[2]} 行无效，第一处在第 ${m[1]} 行），因此整个文件按 GBK/GB18030 读取：如果文件实际是 UTF-8，其中的中文或带重音的文字会变成乱码；请选择 utf-8 编码重新导入。`],
	[/^The file mixes encodings: (\d+) lines are not valid UTF-8 and were read as GBK\/GB18030 \(the first is line (\d+)\)/, (m) => `文件混用了两种编码：${m[1]} 行不是有效的 UTF-8，已按 GBK/GB18030 读取（第一行是第 ${m[2]} 行）；其余各行按 UTF-8 读取。`],
	[/^(\d+) more rows without a creation time were rejected; the first (\d+) are listed\.$/, (m) => `另有 ${m[1]} 行缺少创建时间被拒绝；只列出前 ${m[2]} 行。`]
];

const REASONS: Rule[] = [
	[/^expected (\d+) fields, found (\d+)$/, (m) => `应有 ${m[1]} 个字段，实际 ${m[2]} 个`],
	[/^no creation time \(column "(.*)" is empty\)$/, (m) => `缺少创建时间（“${m[1]}”列为空）`],
	[/^creation time (".*") in column "(.*)" does not read as (.*)$/, (m) => `“${m[2]}”列的创建时间 ${m[1]} 不符合格式 ${m[3]}`],
	[/^a quote inside an unquoted field$/, () => '未加引号的字段中出现了引号'],
	[/^a quoted field that is never closed$/, () => '带引号的字段没有结束引号'],
	[/^NUL bytes in the row/, () => '该行含有 NUL 字节（文本中不会出现，导出文件已损坏）'],
	[/^the line is longer than (\d+) MB$/, (m) => `该行超过 ${m[1]} MB`],
	[/^bytes that are not valid text in the chosen encoding$/, () => '含有所选编码下无效的字节']
];

function apply(rules: Rule[], text: string): string | null {
	for (const [re, fn] of rules) {
		const m = re.exec(text);
		if (m) return fn(m);
	}
	return null;
}

function reason(text: string): string {
	return apply(REASONS, text) ?? text;
}

/** A sentence from the importer in the UI language. */
export function localise(text: string, lang: Lang): string {
	if (lang === 'en') return text;
	return apply(RULES, text) ?? text;
}

/** A reject reason in the UI language. */
export function localiseReason(text: string, lang: Lang): string {
	return lang === 'en' ? text : reason(text);
}
