import { describe, expect, it } from 'vitest';
import { primaryDimension } from '../../src/lib/server/analytics/scope';

describe('the dimension a dataset’s views open on', () => {
	it('is subcategory when a tenth of the tickets have one, else category, else the terms', () => {
		expect(primaryDimension({ n: 100, sub: 10, cat: 100, text: 100 })).toBe('subcategory');
		// LA 311: a category, no second level
		expect(primaryDimension({ n: 9999, sub: 0, cat: 9999, text: 0 })).toBe('category');
		expect(primaryDimension({ n: 100, sub: 9, cat: 50, text: 100 })).toBe('category');
		// the car complaints: the problem only in words
		expect(primaryDimension({ n: 300, sub: 0, cat: 0, text: 300 })).toBe('term');
		expect(primaryDimension({ n: 0, sub: 0, cat: 0, text: 0 })).toBe('subcategory');
		expect(primaryDimension(null)).toBe('subcategory');
	});
});
