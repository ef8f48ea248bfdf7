import { formatDate } from '../../calendar/format.ts';
import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import {
  canActForDcc,
  canManageAuditors,
  hearsOfRefusedAccess,
  isExternalAuditor,
} from './auditor.access.ts';
import {
  appointmentsInStatus,
  appointmentsOfOrganisation,
  openAccessRequests,
  refusedAccessRequests,
} from './auditor.store.ts';
import { ACCESS_KIND_NAMES } from './auditor.ts';
import { todayOf } from '../../calendar/deadline.ts';

const LIMIT = 20;

/**
 * D10.11: the DCC sees each open access request of an appointed auditor, overdue once the date
 * the auditor wanted has passed. The Panel Chair and members and SECAS see each refusal escalated
 * to the Panel, until the DCC grants a later request of the same kind or the appointment ends.
 */
export const auditorAccessAttention: AttentionProvider = async (ctx, principal) => [
  ...(await openRequestItems(ctx, principal)),
  ...(await refusalItems(ctx, principal)),
];

const refusalItems: AttentionProvider = async (ctx, principal) => {
  if (!hearsOfRefusedAccess(principal)) return [];
  const refusals = await refusedAccessRequests(ctx.db);
  return refusals.slice(0, LIMIT).map((r): AttentionItem => ({
    title: `${r.releaseName}: the DCC refused the external auditor’s request for ${ACCESS_KIND_NAMES[r.kind].toLowerCase()}`,
    detail: `${r.organisationName ?? 'The auditor'} asked: ${r.detail} The DCC’s reason: ${r.answer ?? ''} The refusal is escalated to the Panel (D10.11).`,
    href: `/releases/${r.releaseId}/auditor#access-request-${r.id}`,
    severity: 'due',
  }));
};

const openRequestItems: AttentionProvider = async (ctx, principal) => {
  if (!canActForDcc(principal)) return [];
  const today = todayOf(ctx.now());
  const requests = await openAccessRequests(ctx.db);
  return requests.slice(0, LIMIT).map((r): AttentionItem => ({
    title: `${r.releaseName}: the external auditor asks for ${ACCESS_KIND_NAMES[r.kind].toLowerCase()}`,
    detail: `${r.organisationName ?? 'The auditor'} asks: ${r.detail}${r.wantedOn ? ` Wanted on ${formatDate(r.wantedOn)}.` : ''} Grant or refuse it (D10.11).`,
    href: `/releases/${r.releaseId}/auditor#access-request-${r.id}`,
    ...(r.wantedOn ? { due: r.wantedOn } : {}),
    severity: r.wantedOn !== null && r.wantedOn < today ? 'overdue' : 'due',
  }));
};

/**
 * D10.11: SECAS and the Chair see terms of reference awaiting the Panel's approval; the DCC sees
 * an auditor it is required to appoint and has not named; an auditor sees the releases it may
 * read now.
 */
export const auditorAppointmentAttention: AttentionProvider = async (ctx, principal) => {
  const items: AttentionItem[] = [];
  if (canManageAuditors(principal) || canActForDcc(principal)) {
    for (const a of await appointmentsInStatus(ctx.db, 'proposed')) {
      const unnamed = a.organisationId === null;
      if (unnamed && canActForDcc(principal))
        items.push({
          title: `${a.releaseName}: the Panel requires the DCC to appoint an external auditor`,
          detail: 'Name the auditor organisation; the Panel then approves its terms of reference.',
          href: `/releases/${a.releaseId}/auditor#appointment-${a.id}`,
          severity: 'due',
        });
      if (!unnamed && canManageAuditors(principal))
        items.push({
          title: `${a.releaseName}: the auditor’s terms of reference await the Panel’s approval`,
          detail: `${a.organisationName ?? 'The auditor'} is appointed once the Panel approves its terms of reference (D10.11).`,
          href: `/releases/${a.releaseId}/auditor#appointment-${a.id}`,
          severity: 'info',
        });
    }
  }
  if (isExternalAuditor(principal) && principal.organisationId !== null) {
    for (const a of await appointmentsOfOrganisation(ctx.db, principal.organisationId)) {
      if (a.status !== 'appointed') continue;
      items.push({
        title: `${a.releaseName}: you are its appointed external auditor`,
        detail: 'Read its records and ask the DCC for access; every read is recorded.',
        href: `/auditor/releases/${a.releaseId}`,
        severity: 'info',
      });
    }
  }
  return items.slice(0, LIMIT);
};
