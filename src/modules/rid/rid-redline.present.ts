import type { AppContext } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import type { ClauseChange, RedlineClause } from '../policy/policy-redline.ts';
import { ridRedline, ridRedlineSummary } from './rid-text.ts';
import { ridOverview, type RidOverview } from './rid.present.ts';
import { ridContentOf, type RidVersion } from './rid.store.ts';

export interface RidRedlineView {
  overview: RidOverview;
  from: RidVersion;
  to: RidVersion;
  clauses: RedlineClause[];
  summary: { id: string; heading: string; change: ClauseChange }[];
}

/**
 * A-RID: the word-level redline between two versions of one RID that the person may see; a
 * draft's content (a) is the release's allocations today, a submitted version's what the Panel saw.
 */
export async function ridRedlineBetween(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  numbers: { from: number; to: number },
  today: string,
): Promise<RidRedlineView> {
  const overview = await ridOverview(ctx, principal, releaseId, today);
  const pick = (number: number, field: string) => {
    const version = overview.versions.find((v) => v.number === number);
    if (!version)
      throw new AppError(
        'not_found',
        `The RID of ${overview.release.name} has no version ${number}`,
        {
          field,
        },
      );
    return version;
  };
  const from = pick(numbers.from, 'from');
  const to = pick(numbers.to, 'to');
  const live =
    from.contentSnapshot === null || to.contentSnapshot === null
      ? await ridContentOf(ctx.db, releaseId)
      : [];
  const clauses = ridRedline(
    { sections: from.sections, content: from.contentSnapshot ?? live },
    { sections: to.sections, content: to.contentSnapshot ?? live },
  );
  return { overview, from, to, clauses, summary: ridRedlineSummary(clauses) };
}
