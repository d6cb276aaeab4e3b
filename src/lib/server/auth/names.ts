// When two user names are the same name: `Admin` and `admin` (case), `ａｄｍｉｎ`
// and `admin` (compatibility forms, NFKC), `аdmin` with a Cyrillic а and `admin`
// (look-alikes). A new name that collides with an existing one by either key is
// refused, so nobody can pose as another user in the audit log or the user list.

/** Cyrillic and Greek letters drawn like Latin ones (after NFKC), and digits/signs drawn like letters. */
const LOOK_ALIKES: Record<string, string> = {
	// Cyrillic capitals and small letters
	А: 'A', В: 'B', Е: 'E', К: 'K', М: 'M', Н: 'H', О: 'O', Р: 'P', С: 'C', Т: 'T', У: 'Y', Х: 'X', Ѕ: 'S', І: 'I', Ј: 'J', Ԛ: 'Q', Ԝ: 'W',
	а: 'a', в: 'b', е: 'e', к: 'k', м: 'm', н: 'h', о: 'o', р: 'p', с: 'c', т: 't', у: 'y', х: 'x', ѕ: 's', і: 'i', ј: 'j', ԁ: 'd', ԛ: 'q', ԝ: 'w', һ: 'h', ӏ: 'l', ь: 'b', г: 'r', п: 'n', ё: 'e', ї: 'i',
	// Greek capitals and small letters
	Α: 'A', Β: 'B', Ε: 'E', Ζ: 'Z', Η: 'H', Ι: 'I', Κ: 'K', Μ: 'M', Ν: 'N', Ο: 'O', Ρ: 'P', Τ: 'T', Υ: 'Y', Χ: 'X',
	α: 'a', β: 'b', γ: 'y', ε: 'e', ι: 'i', κ: 'k', ν: 'v', ο: 'o', ρ: 'p', τ: 't', υ: 'u', χ: 'x', ω: 'w',
	// digits and signs read as letters
	'0': 'o', '1': 'l', '|': 'l', '5': 's', '$': 's', '@': 'a'
};

/** The name as compared for case: NFKC, then lower case. */
export function foldName(name: string): string {
	return name.normalize('NFKC').toLowerCase();
}

/**
 * The name as it looks: NFKC, look-alikes replaced by the Latin letter they look like,
 * lower case, then the shapes lower case leaves alike (I/l, rn/m, vv/w) made one.
 */
export function nameSkeleton(name: string): string {
	const mapped = [...name.normalize('NFKC')].map((c) => (c === 'I' ? 'l' : (LOOK_ALIKES[c] ?? c))).join('');
	return mapped.toLowerCase().replaceAll('rn', 'm').replaceAll('vv', 'w').replaceAll('i', 'l');
}

/** Whether two names would be taken for the same user. */
export function sameName(a: string, b: string): boolean {
	return foldName(a) === foldName(b) || nameSkeleton(a) === nameSkeleton(b);
}
