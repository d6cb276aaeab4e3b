// The text API's request handling: which dataset (?dataset= id or name, else the
// default one), then one call into text/.
import { datasetFor } from '../datasets';
import type { Store } from '../db';
import { NotFound } from '../errors';

export async function datasetIdOf(store: Store, url: URL): Promise<number> {
	const d = await datasetFor(store, url.searchParams.get('dataset'));
	if (!d) throw new NotFound('There is no dataset yet: import an export first.');
	return d.id;
}
