// The UI speaks Chinese and English. Messages live here; components call t(lang, key).
export type Lang = 'zh' | 'en';

const messages = {
	'app.tagline': { zh: '客服工单根因分析', en: 'Root-cause analytics for service tickets' },
	'nav.overview': { zh: '概览', en: 'Overview' },
	'nav.import': { zh: '导入', en: 'Import' },
	'nav.analyse': { zh: '分析', en: 'Analyse' },
	'filter.window': { zh: '时间', en: 'Time' },
	'filter.all': { zh: '全部时间', en: 'All time' },
	'filter.custom': { zh: '自定义', en: 'Custom' },
	'filter.this_week': { zh: '本周', en: 'This week' },
	'filter.last_week': { zh: '上周', en: 'Last week' },
	'filter.last_4_weeks': { zh: '近 4 周', en: 'Last 4 weeks' },
	'filter.last_13_weeks': { zh: '近 13 周', en: 'Last 13 weeks' },
	'filter.this_month': { zh: '本月', en: 'This month' },
	'filter.last_month': { zh: '上月', en: 'Last month' },
	'filter.search': { zh: '搜索描述/标题', en: 'Search description/subject' },
	'filter.clear': { zh: '清除筛选', en: 'Clear' },
	'filter.addDim': { zh: '+ 按维度筛选', en: '+ Filter by…' },
	'filter.findValue': { zh: '查找值', en: 'Find a value' },
	'filter.more': { zh: '只显示前 100 个，可用上面的搜索查找。', en: 'Showing the first 100; search for the rest.' },
	'filter.remove': { zh: '移除这个条件', en: 'Remove this condition' },
	'filter.tz': { zh: '时区', en: 'Time zone' },
	'analyse.title': { zh: '问题分析', en: 'Problem analysis' },
	'analyse.pareto': { zh: '帕累托：最常见的问题', en: 'Pareto: the most frequent problems' },
	'analyse.by': { zh: '维度', en: 'By' },
	'analyse.weight': { zh: '按优先级加权（P0=3, P1=2, P2=1）', en: 'Weight by priority (P0=3, P1=2, P2=1)' },
	'analyse.trend': { zh: '每周趋势', en: 'Weekly trend' },
	'analyse.key': { zh: '值', en: 'Value' },
	'analyse.cum': { zh: '累计', en: 'Cumulative' },
	'analyse.vital': { zh: '关键少数', en: 'Vital few' },
	'analyse.empty': { zh: '此时间窗内没有工单。', en: 'No tickets in this window.' },
	'analyse.wholeRange': { zh: '查看全部时间', en: 'Show the whole range' },
	'analyse.clickHint': { zh: '点击柱子查看对应工单', en: 'Click a bar to see its tickets' },
	'tickets.title': { zh: '工单', en: 'Tickets' },
	'tickets.export': { zh: '导出 CSV', en: 'Export CSV' },
	'tickets.addFilter': { zh: '加入筛选', en: 'Add to filter' },
	'tickets.prev': { zh: '上一页', en: 'Previous' },
	'tickets.next': { zh: '下一页', en: 'Next' },
	'tickets.of': { zh: '共', en: 'of' },
	'tickets.close': { zh: '关闭', en: 'Close' },
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
	'import.parseError': { zh: '无法读取此文件', en: 'This file cannot be read' },
	'nav.pareto': { zh: '帕累托', en: 'Pareto' },
	'nav.trend': { zh: '趋势', en: 'Trend' },
	'nav.spikes': { zh: '突增', en: 'Spikes' },
	'nav.control': { zh: '控制图', en: 'Control chart' },
	'nav.breakdowns': { zh: '分布', en: 'Breakdowns' },
	'nav.menu': { zh: '菜单', en: 'Menu' },
	'nav.admin': { zh: '管理', en: 'Admin' },
	'nav.loading': { zh: '计算中…', en: 'Working…' },
	'dim.category': { zh: '一级分类', en: 'Category' },
	'dim.subcategory': { zh: '二级分类', en: 'Subcategory' },
	'dim.error_code': { zh: '错误码', en: 'Error code' },
	'dim.channel': { zh: '渠道', en: 'Channel' },
	'dim.priority': { zh: '优先级', en: 'Priority' },
	'dim.status': { zh: '状态', en: 'Status' },
	'dim.emotion': { zh: '客户情绪', en: 'Emotion' },
	'dim.product': { zh: '产品/版本', en: 'Product' },
	'dim.region': { zh: '地区', en: 'Region' },
	'dim.segment': { zh: '客户分群', en: 'Segment' },
	'dim.assignee': { zh: '受理人', en: 'Assignee' },
	'dim.team': { zh: '团队', en: 'Team' },
	'dim.weekday': { zh: '星期', en: 'Weekday' },
	'dim.hour': { zh: '小时', en: 'Hour' },
	'dim.sla': { zh: '响应时效', en: 'Response SLA' },
	'tile.tickets': { zh: '工单数', en: 'Tickets' },
	'tile.p0': { zh: 'P0 紧急工单', en: 'P0 tickets' },
	'tile.backlog': { zh: '未解决积压（当前）', en: 'Open backlog (now)' },
	'tile.ttr': { zh: '解决时长中位数', en: 'Median time to resolve' },
	'tile.sla': { zh: '响应超时率', en: 'Response SLA breach' },
	'tile.satisfaction': { zh: '满意度（1–5）', en: 'Satisfaction (1–5)' },
	'tile.vsPrev': { zh: '上一周期', en: 'previous' },
	'tile.hours': { zh: '小时', en: 'h' },
	'tile.rated': { zh: '条评价', en: 'rated' },
	'tile.measured': { zh: '条有响应记录', en: 'with a response time' },
	'overview.period': { zh: '本期', en: 'This period' },
	'overview.implicit': { zh: '（数据中最近的完整一周；可在上方选择时间）', en: '(the last full week in the data; choose another above)' },
	'overview.against': { zh: '对比上一周期', en: 'against the previous period' },
	'overview.trend13': { zh: '近 13 周趋势（▲ 为突增）', en: 'Last 13 weeks (▲ marks a spike)' },
	'overview.movers': { zh: '变化最大的问题', en: 'Top movers' },
	'overview.newSpikes': { zh: '本期突增', en: 'Spikes this period' },
	'overview.noSpikes': { zh: '本期没有统计上显著的突增。', en: 'No statistically significant spike this period.' },
	'overview.significant': { zh: '显著', en: 'significant' },
	'movers.current': { zh: '本期', en: 'Now' },
	'movers.previous': { zh: '上期', en: 'Before' },
	'movers.change': { zh: '变化', en: 'Change' },
	'movers.p': { zh: 'p 值', en: 'p' },
	'movers.new': { zh: '新出现', en: 'new' },
	'movers.noPrevious': { zh: '上一周期（{from} – {to}）没有数据，无法比较变化。', en: 'There is no data in the period before ({from} – {to}): nothing to compare with.' },
	'movers.noComparison': { zh: '无对比期', en: 'no comparison' },
	'spikes.title': { zh: '突增检测', en: 'Spike detection' },
	'spikes.rule': {
		zh: '规则：某周期的数量高于其前 8 个周期的均值（至少 3 个周期有数据），单侧泊松检验 p < 0.01，且不少于 5 张工单。',
		en: 'Rule: a period’s count above the mean of its previous 8 periods (at least 3 present), one-sided Poisson p < 0.01, and at least 5 tickets.'
	},
	'spikes.period': { zh: '周期', en: 'Period' },
	'spikes.baseline': { zh: '基线（均值）', en: 'Baseline (mean)' },
	'spikes.none': { zh: '这个范围内没有符合规则的突增。', en: 'No spike meets the rule in this range.' },
	'view.grain': { zh: '粒度', en: 'Grain' },
	'view.day': { zh: '日', en: 'Day' },
	'view.week': { zh: '周', en: 'Week' },
	'view.month': { zh: '月', en: 'Month' },
	'view.split': { zh: '拆分', en: 'Split by' },
	'view.none': { zh: '不拆分', en: 'None' },
	'view.stacked': { zh: '堆叠', en: 'Stacked' },
	'view.multiples': { zh: '小多图', en: 'Small multiples' },
	'view.clickHint': { zh: '点击图中元素查看对应工单', en: 'Click any mark to see its tickets' },
	'trend.title': { zh: '趋势', en: 'Trend' },
	'control.title': { zh: '控制图', en: 'Control chart' },
	'control.effect': { zh: '关注的问题', en: 'Effect' },
	'control.effectHint': { zh: '如 subcategory=支付失败&channel=APP', en: 'e.g. subcategory=支付失败&channel=APP' },
	'control.apply': { zh: '应用', en: 'Apply' },
	'control.p': { zh: 'p 图（占全部工单的比例）', en: 'p-chart (share of all tickets)' },
	'control.c': { zh: 'c 图（数量）', en: 'c-chart (count)' },
	'control.imr': { zh: 'I-MR 图（单值与移动极差）', en: 'I-MR (individuals and moving range)' },
	'control.laney': {
		zh: '数据过度离散（σz = {s}），已使用 Laney p′ 控制限，避免误报。',
		en: 'The data are overdispersed (σz = {s}); Laney p′ limits are used to avoid false alarms.'
	},
	'control.notOver': { zh: '未见过度离散（σz = {s}），使用常规 p 图控制限。', en: 'No overdispersion (σz = {s}); plain p-chart limits.' },
	'control.violations': { zh: '失控点（Western Electric 判异规则）', en: 'Out-of-control points (Western Electric rules)' },
	'control.noViolations': { zh: '没有点违反判异规则：过程受控。', en: 'No point breaks a rule: the process is in control.' },
	'control.value': { zh: '值', en: 'Value' },
	'control.limits': { zh: '中心线 / 控制限', en: 'CL / limits' },
	'control.rules': { zh: '违反规则', en: 'Rules broken' },
	'control.needEffect': { zh: '先选择要观察的问题：在上方按维度选择，或点击下面的高频问题之一。', en: 'Choose an effect first: pick a dimension’s values above, or one of the frequent problems below.' },
	'breakdowns.heatmap': { zh: '星期 × 小时', en: 'Weekday × hour' },
	'breakdowns.crosstab': { zh: '交叉表', en: 'Cross-tab' },
	'breakdowns.rows': { zh: '行', en: 'Rows' },
	'breakdowns.cols': { zh: '列', en: 'Columns' },
	'breakdowns.same': { zh: '行与列请选择两个不同的维度。', en: 'Choose two different dimensions for rows and columns.' },
	'nav.cases': { zh: '根因案例', en: 'Cases' },
	'nav.notebooks': { zh: '笔记本', en: 'Notebooks' },
	'cases.title': { zh: '根因分析案例', en: 'Root-cause cases' },
	'cases.new': { zh: '新建案例', en: 'New case' },
	'cases.blank': { zh: '新建空白案例', en: 'New blank case' },
	'cases.none': { zh: '还没有案例。在任何突增、变化最大的问题、帕累托柱子或控制图点上点“调查”即可开始。', en: 'No cases yet. Start from any spike, top mover, Pareto bar or control-chart point with “Investigate”.' },
	'cases.investigate': { zh: '调查', en: 'Investigate' },
	'cases.caseTitle': { zh: '标题', en: 'Title' },
	'cases.problem': { zh: '问题定义（可度量）', en: 'Problem statement (measurable)' },
	'cases.effect': { zh: '问题现象（筛选条件）', en: 'Effect (a filter)' },
	'cases.window': { zh: '分析窗口', en: 'Analysis window' },
	'cases.baseline': { zh: '基线窗口', en: 'Baseline window' },
	'cases.owner': { zh: '负责人', en: 'Owner' },
	'cases.create': { zh: '创建案例', en: 'Create case' },
	'cases.state': { zh: '状态', en: 'State' },
	'cases.causes': { zh: '原因', en: 'Causes' },
	'cases.verified': { zh: '已验证', en: 'Verified' },
	'cases.openActions': { zh: '未完成措施', en: 'Open actions' },
	'cases.updated': { zh: '更新于', en: 'Updated' },
	'state.new': { zh: '新建', en: 'New' },
	'state.analysing': { zh: '分析中', en: 'Analysing' },
	'state.fixing': { zh: '整改中', en: 'Fixing' },
	'state.resolved': { zh: '已解决', en: 'Resolved' },
	'state.closed': { zh: '已关闭', en: 'Closed' },
	'role.viewer': { zh: '查看者', en: 'viewer' },
	'role.analyst': { zh: '分析员', en: 'analyst' },
	'role.admin': { zh: '管理员', en: 'admin' },
	'role.needs': { zh: '这里需要「{need}」角色；{name} 的角色是「{role}」。请联系管理员。', en: 'This needs the {need} role; {name} is {role}. Ask an admin.' },
	'role.readOnly': { zh: '你的角色是「查看者」：可以阅读案例，不能编辑。', en: 'You are a viewer: you can read cases but not edit them.' },
	'role.noImport': { zh: '导入工单需要「分析员」或「管理员」角色。你的角色是「查看者」：可以查看看板、笔记本和案例。', en: 'Importing tickets needs the analyst or admin role. As a viewer you can read the dashboards, notebooks and cases.' },
	'role.noNewCase': { zh: '新建案例需要「分析员」或「管理员」角色。你的角色是「查看者」：可以阅读已有的案例。', en: 'Creating a case needs the analyst or admin role. As a viewer you can read the existing cases.' },
	'account.password': { zh: '修改密码', en: 'Change password' },
	'account.current': { zh: '当前密码', en: 'Current password' },
	'account.next': { zh: '新密码（至少 8 位）', en: 'New password (8 characters or more)' },
	'account.repeat': { zh: '再输入一次新密码', en: 'The new password again' },
	'account.save': { zh: '保存新密码', en: 'Save the new password' },
	'account.changed': { zh: '密码已修改。其他设备上的登录已退出。', en: 'Password changed. Your other sign-ins have been signed out.' },
	'account.tooShort': { zh: '新密码至少要 8 个字符。', en: 'The new password needs at least 8 characters.' },
	'account.tooLong': { zh: '新密码最多 200 个字符。', en: 'The new password is at most 200 characters.' },
	'account.mismatch': { zh: '两次输入的新密码不一样。', en: 'The two new passwords differ.' },
	'account.wrongCurrent': { zh: '当前密码不对。', en: 'That is not your current password.' },
	'account.off': { zh: '单用户模式下没有账号。', en: 'Accounts are off (single-user mode).' },
	'err.required': { zh: '请填写「{field}」。', en: 'Fill in “{field}”.' },
	'err.notText': { zh: '「{field}」应为文字。', en: '“{field}” is text.' },
	'err.tooLong': { zh: '「{field}」最多 {max} 个字符。', en: '“{field}” is at most {max} characters.' },
	'err.date': { zh: '「{field}」应为日期。', en: '“{field}” is a date.' },
	'err.windowBoth': { zh: '「{field}」需要开始和结束两个日期。', en: '“{field}” needs both a start and an end date.' },
	'err.windowOrder': { zh: '「{field}」的开始日期晚于结束日期。', en: 'The start of “{field}” is after its end.' },
	'err.boneInUse': { zh: '这根骨上还有原因：先移走或删除它们，再移除这根骨。', en: 'This bone still has causes: move or delete them before removing it.' },
	'err.oneStep': { zh: '案例状态一次只能前进一步（新建 → 分析中 → 整改中 → 已解决 → 已关闭），不能从「{from}」直接到「{to}」。', en: 'A case moves one step at a time (new → analysing → fixing → resolved → closed), not from “{from}” to “{to}”.' },
	'err.needResolution': { zh: '解决或关闭案例前，请选择结论。', en: 'Choose how the case was resolved before resolving or closing it.' },
	'err.moveUnder': { zh: '原因不能移到它自己或它的子原因下面。', en: 'A cause cannot move under itself or one of its sub-causes.' },
	'err.needDoneAt': { zh: '请填写措施的完成日期：效果按完成日期前后对比。', en: 'Give the date the action was done: its effect is read before and after it.' },
	'err.alreadyPinned': { zh: '工单 {ticket} 已经作为证据钉在这里了。', en: 'Ticket {ticket} is already pinned here.' },
	'err.conflict': { zh: '有人在你之后保存了修改。页面已显示对方的版本。', en: 'Someone saved a change in between. The page now shows their version.' },
	'err.needWindow': { zh: '对比需要案例的分析窗口：先设置分析窗口。', en: 'This comparison needs the case’s analysis window: set it first.' },
	'err.noFilter': { zh: '这个原因还没有筛选条件：先给它加上筛选条件，才能用数据对比。', en: 'This cause has no filter yet: give it one before a data comparison.' },
	'err.noAfter': { zh: '完成日期之后还没有工单：导入更新的数据后才能看到效果。', en: 'There are no tickets after the done date yet: import newer data to see the effect.' },
	'err.http': { zh: '保存失败（HTTP {status}）。', en: 'Not saved (HTTP {status}).' },
	'field.title': { zh: '标题', en: 'Title' },
	'field.problem': { zh: '问题定义', en: 'Problem statement' },
	'field.effect': { zh: '问题现象', en: 'Effect' },
	'field.window': { zh: '分析窗口', en: 'Analysis window' },
	'field.baseline': { zh: '基线窗口', en: 'Baseline window' },
	'field.owner': { zh: '负责人', en: 'Owner' },
	'field.text': { zh: '内容', en: 'Text' },
	'field.note': { zh: '说明', en: 'Note' },
	'field.evidence': { zh: '证据', en: 'Evidence' },
	'field.due': { zh: '截止日期', en: 'Due date' },
	'field.doneAt': { zh: '完成日期', en: 'Done on' },
	'field.escapeCause': { zh: '逃逸原因', en: 'Escape cause' },
	'edit.edit': { zh: '编辑', en: 'Edit' },
	'edit.save': { zh: '保存', en: 'Save' },
	'edit.filter': { zh: '筛选条件', en: 'Filter' },
	'pin.pin': { zh: '作为证据', en: 'pin' },
	'pin.pinned': { zh: '已钉为证据', en: 'pinned' },
	'pin.unpin': { zh: '取消钉选', en: 'unpin' },
	'finding.presence': { zh: '有此原因的工单中，问题占 {a}（{ac}/{ae}）；没有此原因的占 {b}（{bc}/{be}）；{p}。', en: 'Where the cause holds, the effect is {a} of tickets ({ac}/{ae}); elsewhere {b} ({bc}/{be}); {p}.' },
	'finding.change': { zh: '前一段每天 {a} 张（{ac} 张 / {ae} 天），后一段每天 {b} 张（{bc} 张 / {be} 天）：{move}，{p}。', en: 'Earlier {a} a day ({ac} in {ae} days), later {b} a day ({bc} in {be} days): {move}, {p}.' },
	'finding.rose': { zh: '上升 {pct}%', en: 'up {pct}%' },
	'finding.fell': { zh: '下降 {pct}%', en: 'down {pct}%' },
	'finding.same': { zh: '基本不变', en: 'about the same' },
	'finding.fromZero': { zh: '前一段为 0', en: 'none earlier' },
	'verify.expect': { zh: '证据应当显示：', en: 'The evidence should show:' },
	'verify.expectRise': { zh: '在分析窗口内上升（与基线相比）', en: 'a rise in the analysis window (against the baseline)' },
	'verify.expectFall': { zh: '修复后下降（修复前 vs 修复后）', en: 'a fall after a fix (before vs after)' },
	'verify.earlier': { zh: '前一段', en: 'Earlier' },
	'verify.later': { zh: '后一段', en: 'Later' },
	'verify.ruleRise': { zh: '后一段显著更高（p < 0.05）→ 证实；显著更低 → 否定；否则无定论。', en: 'Significantly higher later (p < 0.05) → confirmed; significantly lower → refuted; otherwise inconclusive.' },
	'verify.ruleFall': { zh: '后一段显著更低（p < 0.05）→ 证实；显著更高 → 否定；否则无定论。', en: 'Significantly lower later (p < 0.05) → confirmed; significantly higher → refuted; otherwise inconclusive.' },
	'verify.needDates': { zh: '请填写两段时间的开始和结束日期。', en: 'Give both windows a start and an end date.' },
	'window.from': { zh: '开始', en: 'from' },
	'window.to': { zh: '结束', en: 'to' },
	'window.order': { zh: '开始日期晚于结束日期：请调换或改正。', en: 'The start is after the end: swap or correct them.' },
	'case.resolveAsk': { zh: '这个案例是怎样解决的？', en: 'How was this case resolved?' },
	'case.resolveConfirm': { zh: '确认', en: 'Confirm' },
	'case.resolveChoose': { zh: '请选择结论', en: 'Choose one' },
	'case.doneAsk': { zh: '完成日期', en: 'Done on' },
	'case.markDone': { zh: '标为完成', en: 'Mark done' },
	'case.owner': { zh: '负责人', en: 'Owner' },
	'nb.badWeek': { zh: '“{value}” 不是有效的周（可用 last、2024-W15 这样的 ISO 周，或一个日期）。下面显示的是默认的周。', en: '“{value}” is not a week (use last, an ISO week like 2024-W15, or a date). The default week is shown below.' },
	'nb.week': { zh: '周', en: 'Week' },
	'nb.prevWeek': { zh: '上一周', en: 'Previous week' },
	'nb.nextWeek': { zh: '下一周', en: 'Next week' },
	'nb.windowFromFilter': { zh: '时间由上方筛选条件决定', en: 'the window comes from the filter above' },
	'error.title': { zh: '出错了', en: 'Something went wrong' },
	'error.403': { zh: '没有权限', en: 'Not allowed' },
	'error.404': { zh: '找不到这个页面', en: 'Page not found' },
	'error.400': { zh: '请求有误', en: 'A bad request' },
	'error.home': { zh: '回到概览', en: 'Back to the overview' },
	'error.back': { zh: '返回上一页', en: 'Go back' },
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

/** A dimension's label: canonical and derived ones are translated, a custom column is its own name. */
export function dimLabel(lang: Lang, dim: string): string {
	if (dim.startsWith('attr.')) return dim.slice(5);
	const key = `dim.${dim}` as MessageKey;
	return key in messages ? messages[key][lang] : dim;
}

/** A field name a server message names ('window.from' → the window's label). */
export function fieldLabel(lang: Lang, field: string): string {
	const key = `field.${field.split('.')[0]}` as MessageKey;
	return key in messages ? messages[key][lang] : field;
}

/**
 * A server's refusal in the UI language: `{error, key?, params?}` from the API
 * (src/lib/server/errors.ts). A known key is said from this catalogue, its
 * field and case states in words; an unknown one falls back to `error`.
 */
export function serverMessage(lang: Lang, body: { error?: unknown; key?: unknown; params?: unknown }, status?: number): string {
	const key = typeof body.key === 'string' ? (body.key as MessageKey) : null;
	if (key && key in messages) {
		const params = { ...((body.params as Record<string, string | number>) ?? {}) };
		if (typeof params.field === 'string') params.field = fieldLabel(lang, params.field);
		for (const k of ['from', 'to'] as const) if (typeof params[k] === 'string' && `state.${params[k]}` in messages) params[k] = messages[`state.${params[k]}` as MessageKey][lang];
		return tf(lang, key, params);
	}
	if (typeof body.error === 'string' && body.error) return body.error;
	return tf(lang, 'err.http', { status: status ?? '?' });
}

/** A role in words. */
export function roleLabel(lang: Lang, role: string): string {
	const key = `role.${role}` as MessageKey;
	return key in messages ? messages[key][lang] : role;
}

/** A message with {name} placeholders filled. */
export function tf(lang: Lang, key: MessageKey, values: Record<string, string | number>): string {
	return t(lang, key).replace(/\{(\w+)\}/g, (m, k: string) => (k in values ? String(values[k]) : m));
}

const WEEKDAYS = { zh: ['周一', '周二', '周三', '周四', '周五', '周六', '周日'], en: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'] };

/** A dimension value as shown: weekdays by name, SLA states in words; others as they are. */
export function valueLabel(lang: Lang, dim: string, value: string): string {
	if (dim === 'weekday' && /^[1-7]$/.test(value)) return WEEKDAYS[lang][Number(value) - 1];
	if (dim === 'sla') return value === 'breached' ? (lang === 'zh' ? '超时' : 'breached') : value === 'met' ? (lang === 'zh' ? '达标' : 'met') : value;
	return value;
}
