// Datasets, the pure parts: the Filter's dataset in its URL form and in SQL, an
// export matched to a dataset by its columns, names, the switch in the header,
// and a notebook cell scoped to one dataset.
import { describe, expect, it } from 'vitest';
import { compileFilter, filterToQuery, isFilterParam, parseFilterQuery } from '../../src/lib/filters';
import { cleanDatasetName, datasetNameFromFile, headerKey, languageOf, matchDataset, uniqueName } from '../../src/lib/ingest/datasets';
import { investigateHref, switchDataset } from '../../src/lib/view';
import { scopeToDataset } from '../../src/lib/server/notebooks/run';

describe('the Filter with a dataset', () => {
	it('reads dataset=<id or name> and writes it first', () => {
		const f = parseFilterQuery('channel=APP&dataset=%E7%A4%BA%E4%BE%8B%E6%95%B0%E6%8D%AE&from=2024-04-01');
		expect(f).toEqual({ dataset: '示例数据', from: '2024-04-01', dims: { channel: ['APP'] } });
		expect(filterToQuery(f)).toBe('dataset=%E7%A4%BA%E4%BE%8B%E6%95%B0%E6%8D%AE&from=2024-04-01&channel=APP');
		expect(parseFilterQuery(filterToQuery(f))).toEqual(f);
		expect(parseFilterQuery('dataset=3').dataset).toBe('3');
		expect(parseFilterQuery('dataset=').dataset).toBeUndefined();
		expect(isFilterParam('dataset')).toBe(true);
		// not a dimension: dataset is never compiled as a column value
		expect(parseFilterQuery('dataset=x').dims).toEqual({});
	});

	it('compiles the resolved dataset to a bound dataset_id, first', () => {
		const c = compileFilter(parseFilterQuery('dataset=Zendesk&channel=APP'), { datasetId: 7, today: '2024-04-10', alias: 't' });
		expect(c.where).toBe('t.dataset_id = CAST($f0 AS INTEGER) AND t."channel" = $f1');
		expect(c.params).toEqual({ f0: '7', f1: 'APP' });
		// the name in the Filter never reaches SQL: only the id the server resolved
		expect(JSON.stringify(c)).not.toContain('Zendesk');
		// without a resolved dataset the compiler writes what it wrote before
		expect(compileFilter(parseFilterQuery('channel=APP'), {}).where).toBe('"channel" = $f0');
	});

	it('an Investigate link carries the dataset', () => {
		expect(investigateHref({ dataset: '2', dims: { subcategory: ['支付失败'] } }, { from: '2024-04-01', to: '2024-04-07' })).toBe(
			'/cases/new?effect=subcategory%3D%25E6%2594%25AF%25E4%25BB%2598%25E5%25A4%25B1%25E8%25B4%25A5&from=2024-04-01&to=2024-04-07&dataset=2'
		);
	});
});

describe('matching an export to a dataset', () => {
	const datasets = [
		{ id: 2, name: 'Zendesk', headers: ['Ticket ID', 'Created', 'Subject', 'Priority', 'Status', 'Brand'], lastFile: 'w18.csv' },
		{ id: 1, name: '示例数据', headers: ['序号', '客户姓名', '问题发生时间', '问题类型（一级/二级）', '优先级', '处理状态'], lastFile: 'tickets-2024H1.csv' }
	];

	it('finds the dataset whose last import has the same columns (case, spaces and a BOM aside)', () => {
		expect(matchDataset(['\ufeffticket id', 'created', ' Subject ', 'PRIORITY', 'Status', 'Brand'], datasets)).toEqual({
			id: 2,
			name: 'Zendesk',
			shared: 6,
			of: 6,
			score: 1,
			lastFile: 'w18.csv'
		});
		expect(matchDataset(['序号', '客户姓名', '问题发生时间', '问题类型（一级/二级）', '优先级', '处理状态'], datasets)?.name).toBe('示例数据');
	});

	it('tolerates a column added or dropped by the help desk', () => {
		const m = matchDataset(['Ticket ID', 'Created', 'Subject', 'Priority', 'Status', 'Brand', 'Tags'], datasets);
		expect(m).toMatchObject({ id: 2, shared: 6, of: 7 });
		expect(matchDataset(['Ticket ID', 'Created', 'Subject', 'Priority', 'Status'], datasets)).toMatchObject({ id: 2, shared: 5, of: 6 });
	});

	it('starts a new dataset for another system, even one with a few common headers', () => {
		expect(matchDataset(['Ticket ID', 'Created', 'Category', 'Assignee', 'Country', 'Resolution'], datasets)).toBeNull();
		expect(matchDataset(['id', 'when'], datasets)).toBeNull();
		expect(matchDataset([], datasets)).toBeNull();
		expect(matchDataset(['Ticket ID'], [{ id: 3, name: 'empty', headers: [] }])).toBeNull();
	});

	it('prefers the better match, then the dataset listed first (the most recently imported)', () => {
		const two = [
			{ id: 5, name: 'newer', headers: ['a', 'b', 'c', 'd'] },
			{ id: 4, name: 'older', headers: ['a', 'b', 'c', 'd'] },
			{ id: 3, name: 'best', headers: ['a', 'b', 'c', 'd', 'e'] }
		];
		expect(matchDataset(['a', 'b', 'c', 'd'], two)?.name).toBe('newer');
		expect(matchDataset(['a', 'b', 'c', 'd', 'e'], two)?.name).toBe('best');
	});

	it('names, languages and the folding of headers', () => {
		expect(headerKey('  Created   At ')).toBe('created at');
		expect(datasetNameFromFile('exports/zendesk-2024-W18.csv.gz')).toBe('zendesk-2024-W18');
		expect(datasetNameFromFile('C:\\x\\服务台.TSV')).toBe('服务台');
		expect(datasetNameFromFile('.csv')).toBe('.csv');
		// only digits would read as an id
		expect(datasetNameFromFile('2024.csv')).toBe('dataset 2024');
		expect(uniqueName('a', ['a', 'a (2)'])).toBe('a (3)');
		expect(uniqueName('b', ['a'])).toBe('b');
		expect(languageOf(['Ticket ID', '创建时间'])).toBe('zh');
		expect(languageOf(['Ticket ID'])).toBe('en');
		expect(cleanDatasetName('  Zendesk EU ')).toBe('Zendesk EU');
		expect(cleanDatasetName('   ')).toBeNull();
		expect(cleanDatasetName('a\nb')).toBeNull();
		expect(cleanDatasetName('x'.repeat(101))).toBeNull();
		expect(cleanDatasetName(' 1 ')).toBeNull();
		expect(cleanDatasetName('1a')).toBe('1a');
	});
});

describe('switching the dataset in the header', () => {
	it('keeps the view and the preset, drops the old dataset’s values, dates, text and custom columns', () => {
		const p = new URLSearchParams('dataset=1&preset=last_4_weeks&from=2024-01-01&channel=APP&not.status=closed&q=退款&grain=week&dim=attr.品牌&chart=p&effect=subcategory%3Dx&page=3');
		expect(switchDataset(p, '2')).toBe('?dataset=2&preset=last_4_weeks&grain=week&chart=p');
		expect(switchDataset(new URLSearchParams('dim=channel'), '5')).toBe('?dataset=5&dim=channel');
	});
});

describe('a notebook cell reads one dataset', () => {
	it('shadows each table it names with that dataset’s rows, bound', () => {
		expect(scopeToDataset('SELECT count(*) FROM tickets')).toBe(
			'WITH tickets AS NOT MATERIALIZED (SELECT * FROM main.tickets WHERE dataset_id = $dataset_id) SELECT count(*) FROM tickets'
		);
		const withOwn = scopeToDataset('-- weekly\nWITH w AS (SELECT * FROM tickets) SELECT * FROM w JOIN cases c ON true');
		expect(withOwn.startsWith('-- weekly\nWITH tickets AS NOT MATERIALIZED (SELECT * FROM main.tickets WHERE dataset_id = $dataset_id), cases AS NOT MATERIALIZED')).toBe(true);
		expect(withOwn).toContain('), w AS (SELECT * FROM tickets) SELECT');
		expect(scopeToDataset('SELECT * FROM actions')).toContain('case_id IN (SELECT id FROM rca.main.cases WHERE dataset_id = $dataset_id)');
		expect(scopeToDataset('SELECT 1 AS x')).toBe('SELECT 1 AS x');
		// the cell's lines stay where they were
		expect(scopeToDataset('SELECT *\nFROM tickets\nWHERE x').split('\n')).toHaveLength(3);
	});
});
