import { formatInstant } from '../../calendar/format.ts';
import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { hasAnyRole } from '../identity/identity.access.ts';
import { canDetermineAppeal } from './appeal.access.ts';
import { openAppeals } from './appeal.store.ts';
import { rulingWords } from '../../web/ruling-links.ts';

const LIMIT = 20;

/**
 * D10.17: the Authority sees each appeal awaiting its determination; SECAS, copied on every
 * appeal, sees the open ones for information.
 */
export const appealsAttention: AttentionProvider = async (ctx, principal) => {
  const authority = canDetermineAppeal(principal);
  if (!authority && !hasAnyRole(principal, ['code_administrator'])) return [];
  const appeals = await openAppeals(ctx.db);
  return appeals.slice(0, LIMIT).map((appeal): AttentionItem => ({
    title: authority
      ? `Appeal by ${appeal.organisationName} against RID version ${appeal.ridVersionNumber} of the ${appeal.releaseName}: awaiting your determination`
      : `Appeal by ${appeal.organisationName} against RID version ${appeal.ridVersionNumber} of the ${appeal.releaseName} is with the Authority`,
    detail: `Lodged ${formatInstant(appeal.lodgedAt)}. ${authority ? 'You determine it once (D10.17).' : `The Authority determines it (D10.17); the appeal does not by itself suspend the RID or the release (${rulingWords(2)}).`}`,
    href: `/appeals/${appeal.id}`,
    severity: authority ? 'due' : 'info',
  }));
};
