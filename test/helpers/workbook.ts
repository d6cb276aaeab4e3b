// A small .xlsx for the tests, written with ExcelJS (the library the importer reads workbooks with).
import ExcelJS from 'exceljs';

/** A workbook as Excel users make them: an empty cover sheet, date cells, a second sheet of data. */
export async function writeWorkbook(path: string, extraRows = 0) {
	const wb = new ExcelJS.Workbook();
	wb.addWorksheet('Cover');
	const t = wb.addWorksheet('Tickets');
	t.addRow(['工单号', '创建时间', '渠道', '问题类型（一级/二级）', '满意度']);
	t.addRow(['X-1', new Date(Date.UTC(2024, 3, 15, 9, 30, 0)), 'APP', '支付问题/支付失败', '满意']);
	t.addRow(['X-2', new Date(Date.UTC(2024, 3, 16, 14, 5, 0)), '电话', '账户问题/登录异常', '不满意']);
	t.addRow(['X-3', new Date(Date.UTC(2024, 3, 17, 0, 0, 0)), '微信', '支付问题/退款', 4]);
	for (let i = 0; i < extraRows; i++) t.addRow([`Y-${i}`, new Date(Date.UTC(2024, 4, 1) + i * 60_000), 'APP', '支付问题/支付失败', `客户反馈第${i}次无法支付`]);
	t.getColumn(2).numFmt = 'yyyy-mm-dd hh:mm';
	const a = wb.addWorksheet('Archive');
	a.addRow(['Ticket ID', 'Created', 'Subject']);
	a.addRow(['OLD-1', new Date(Date.UTC(2023, 0, 5, 8, 0, 0)), 'Old, with a comma']);
	a.getColumn(2).numFmt = 'dd/mm/yyyy hh:mm';
	await wb.xlsx.writeFile(path);
}
