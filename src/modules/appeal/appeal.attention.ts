import { formatInstant } from '../../calendar/format.ts';
import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { hasAnyRole } from '../identity/identity.access.ts';
import { canDetermineAppeal, canLodgeAppeal } from './appeal.access.ts';
import { appealsOfOrganisation, openAppeals } from './appeal.store.ts';
import { openAppealWindows } from './appeal.queries.ts';
import { APPEAL_STATUS_NAMES } from './appeal.ts';
import { rulingWords } from '../../web/ruling-links.ts';
import { longDate } from '../../calendar/date-words.ts';

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

/**
 * D10.15, D10.17, issue 13: a Party sees each published RID approval whose appeal window is open,
 * with its deadline and the way to lodge an appeal (saying when its organisation has appealed).
 */
export const appealWindowsAttention: AttentionProvider = async (ctx, principal) => {
  if (!canLodgeAppeal(principal) || principal.organisationId === null) return [];
  const [windows, own] = await Promise.all([
    openAppealWindows(ctx),
    appealsOfOrganisation(ctx.db, principal.organisationId, LIMIT),
  ]);
  return windows.slice(0, LIMIT).map((window): AttentionItem => {
    const lodged = own.filter((a) => a.ridVersionId === window.id);
    return {
      title: `Appeal window open: the Panel’s approval of RID version ${window.number} of the ${window.releaseName}`,
      detail: `Any Party may appeal the approval to the Authority until ${window.deadlineWords} (D10.15, D10.17).${lodged.length ? ` Your organisation has lodged ${lodged.length === 1 ? 'an appeal' : `${lodged.length} appeals`} against it.` : ''}`,
      href: `/releases/${window.releaseId}/rid/versions/${window.number}/appeal`,
      due: window.deadline,
      severity: 'due',
    };
  });
};

/** Issue 13: a Party sees its organisation's own appeals and where each stands. */
export const ownAppealsAttention: AttentionProvider = async (ctx, principal) => {
  if (!canLodgeAppeal(principal) || principal.organisationId === null) return [];
  const appeals = await appealsOfOrganisation(ctx.db, principal.organisationId, LIMIT);
  return appeals.map((appeal): AttentionItem => ({
    title: `Your organisation’s appeal against RID version ${appeal.ridVersionNumber} of the ${appeal.releaseName}`,
    detail: `Lodged ${formatInstant(appeal.lodgedAt)}. ${appeal.status === 'referred' ? 'The Authority has not determined it yet.' : `The Authority determined it${appeal.determinedOn ? ` on ${longDate(appeal.determinedOn)}` : ''}.`}`,
    href: `/appeals/${appeal.id}`,
    severity: 'info',
    record: { tag: APPEAL_STATUS_NAMES[appeal.status] },
  }));
};
