// The UI speaks Chinese and English. Messages live here; components call t(lang, key).
export type Lang = 'zh' | 'en';

const messages = {
	'app.tagline': { zh: '客服工单根因分析', en: 'Root-cause analytics for service tickets' },
	'nav.overview': { zh: '概览', en: 'Overview' },
	'nav.import': { zh: '导入', en: 'Import' },
	'lang.switch': { zh: 'English', en: '中文' },
	'overview.title': { zh: '工单概览', en: 'Ticket overview' },
	'overview.tickets': { zh: '工单数', en: 'Tickets' },
	'overview.range': { zh: '时间范围', en: 'Date range' },
	'overview.imports': { zh: '导入批次', en: 'Imports' },
	'overview.open': { zh: '未解决', en: 'Open backlog' },
	'overview.byMonth': { zh: '按月工单数', en: 'Tickets per month' },
	'overview.topSub': { zh: '高频问题（二级分类）', en: 'Most frequent problems (subcategory)' },
	'overview.empty': { zh: '还没有工单。导入一份工单导出文件开始分析。', en: 'No tickets yet. Import a help-desk export to begin.' },
	'overview.month': { zh: '月份', en: 'Month' },
	'overview.count': { zh: '数量', en: 'Count' },
	'overview.share': { zh: '占比', en: 'Share' },
	'overview.problem': { zh: '问题', en: 'Problem' },
	'import.title': { zh: '导入工单', en: 'Import tickets' },
	'import.lead': {
		zh: '上传本周的工单导出（CSV，UTF-8 或 Excel 的 GBK，中文或英文表头）。先预览并确认字段映射，再导入。',
		en: "Upload this week's help-desk export (CSV: UTF-8 or GBK from Excel, Chinese or English headers). Preview and confirm the mapping, then import."
	},
	'import.drop': { zh: '拖放 CSV 文件到这里，或', en: 'Drop a CSV file here, or' },
	'import.choose': { zh: '选择文件', en: 'choose a file' },
	'import.accepts': { zh: '支持 .csv .tsv .txt 及 .gz 压缩文件', en: 'Accepts .csv .tsv .txt and .gz' },
	'import.preview': { zh: '预览', en: 'Preview' },
	'import.detected': { zh: '识别结果', en: 'Detected' },
	'import.encoding': { zh: '编码', en: 'Encoding' },
	'import.delimiter': { zh: '分隔符', en: 'Delimiter' },
	'import.junk': { zh: '表头前跳过的行', en: 'Lines skipped above the header' },
	'import.mapping': { zh: '字段映射', en: 'Column mapping' },
	'import.column': { zh: '源列', en: 'Source column' },
	'import.samples': { zh: '示例值', en: 'Sample values' },
	'import.mapsTo': { zh: '映射到', en: 'Maps to' },
	'import.custom': { zh: '（保留为自定义列）', en: '(keep as custom column)' },
	'import.dateFormat': { zh: '日期格式', en: 'Date format' },
	'import.ambiguous': { zh: '有歧义', en: 'ambiguous' },
	'import.ambiguousHelp': {
		zh: '预览中的日期日、月都不超过 12，无法判断先日还是先月；导入时会在整列中判断，仍有歧义则按所示顺序并在结果中提示。可在此指定：',
		en: 'In the preview every day and month is ≤ 12, so day-first and month-first both fit; the import decides over the whole column and, if still ambiguous, uses the order shown and says so. Choose here:'
	},
	'import.dateOrder.auto': { zh: '自动判断', en: 'decide from the data' },
	'import.dateOrder.dmy': { zh: '日/月/年', en: 'day/month/year' },
	'import.dateOrder.mdy': { zh: '月/日/年', en: 'month/day/year' },
	'import.dateOrder.ymd': { zh: '年/月/日', en: 'year/month/day' },
	'import.needCreated': { zh: '请选择哪一列是创建时间（必填）。', en: 'Choose which column is the creation time (required).' },
	'import.start': { zh: '开始导入', en: 'Import' },
	'import.cancel': { zh: '取消', en: 'Cancel' },
	'import.uploading': { zh: '上传中', en: 'Uploading' },
	'import.phase.decoding': { zh: '解码并读取', en: 'Decoding' },
	'import.phase.loading': { zh: '载入数据库', en: 'Loading' },
	'import.phase.merging': { zh: '合并工单', en: 'Merging' },
	'import.phase.done': { zh: '完成', en: 'Done' },
	'import.phase.waiting': { zh: '等待服务器', en: 'Waiting for the server' },
	'import.rows': { zh: '行', en: 'rows' },
	'import.result': { zh: '导入结果', en: 'Import result' },
	'import.refused': { zh: '文件未导入', en: 'File refused' },
	'import.refusedNote': { zh: '数据库没有任何改动。', en: 'Nothing was written to the database.' },
	'import.dismiss': { zh: '关闭', en: 'Dismiss' },
	'import.rowsRead': { zh: '读取行数', en: 'Rows read' },
	'import.inserted': { zh: '新增', en: 'New tickets' },
	'import.updated': { zh: '更新', en: 'Updated' },
	'import.unchanged': { zh: '未变化', en: 'Unchanged' },
	'import.collapsed': { zh: '合并的重复行', en: 'Rows collapsed' },
	'import.collapsedHelp': { zh: '同一工单号出现多次（事件日志），保留最新一条。', en: 'A ticket id repeated (an event log): the latest version was kept.' },
	'import.rejected': { zh: '拒绝的行', en: 'Rows rejected' },
	'import.rejects': { zh: '被拒绝的行', en: 'Rejected rows' },
	'import.line': { zh: '行号', en: 'Line' },
	'import.reason': { zh: '原因', en: 'Reason' },
	'import.raw': { zh: '原始内容', en: 'Raw text' },
	'import.downloadRejects': { zh: '下载被拒绝的行（CSV）', en: 'Download rejected rows (CSV)' },
	'import.warnings': { zh: '提示', en: 'Notes' },
	'import.dates': { zh: '日期列', en: 'Date columns' },
	'import.history': { zh: '导入历史', en: 'Import history' },
	'import.file': { zh: '文件', en: 'File' },
	'import.when': { zh: '时间', en: 'When' },
	'import.status': { zh: '状态', en: 'Status' },
	'import.ticketsNow': { zh: '当前归属工单', en: 'Tickets now' },
	'import.undo': { zh: '撤销', en: 'Undo' },
	'import.undone': { zh: '已撤销', en: 'undone' },
	'import.undoConfirm': {
		zh: '撤销这次导入？它新增的工单将被删除，它更新的工单恢复为之前的版本。',
		en: 'Undo this import? Tickets it added are removed; tickets it updated go back to their previous version.'
	},
	'import.noHistory': { zh: '还没有导入记录。', en: 'No imports yet.' },
	'import.viewTickets': { zh: '查看概览', en: 'See the overview' },
	'import.another': { zh: '再导入一个文件', en: 'Import another file' },
	'import.parseError': { zh: '无法读取此文件', en: 'This file cannot be read' }
} satisfies Record<string, Record<Lang, string>>;

export type MessageKey = keyof typeof messages;

export function t(lang: Lang, key: MessageKey): string {
	return messages[key][lang];
}

export function pickLang(cookie: string | undefined, acceptLanguage: string | null): Lang {
	if (cookie === 'zh' || cookie === 'en') return cookie;
	const first = (acceptLanguage ?? '').split(',')[0].trim().toLowerCase();
	return first.startsWith('zh') ? 'zh' : first === '' ? 'zh' : 'en';
}
