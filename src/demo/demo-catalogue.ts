import type { AppContext } from '../app-context.ts';
import { SYSTEM_ACTOR } from '../audit/audit.ts';
import { loadSecCatalogue } from '../modules/catalogue/catalogue.actions.ts';

/**
 * The demo's catalogue is the SEC's reference catalogue (src/modules/catalogue/sec-catalogue.ts),
 * loaded through the same use case as `secrel catalogue load` and the first start, so each entry
 * has its `catalogue.document_created` event. On a database whose first start already loaded it,
 * this adds nothing.
 */
export async function createDemoCatalogue(ctx: AppContext): Promise<void> {
  await loadSecCatalogue(ctx, null, SYSTEM_ACTOR);
}
