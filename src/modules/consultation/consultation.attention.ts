import type { AttentionItem, AttentionProvider } from '../../web/attention.ts';
import { formatInstant } from '../../calendar/format.ts';
import { canSummarise } from './consultation.access.ts';
import { eligibility, isHeldOutsideSecrel } from './consultation.ts';
import { cutOverOf } from '../installation/installation.queries.ts';
import { findOrganisationFacts, listConsultations } from './consultation.store.ts';
import {
  respondedConsultationIds,
  responsesOfOrganisation,
} from './consultation-response.store.ts';

/**
 * Consultations: open consultations that ask the person's organisation and that it has not
 * answered yet, due at the close (closed ones drop off, so never overdue).
 */
export const unansweredConsultationsAttention: AttentionProvider = async (ctx, principal) => {
  const organisation = await findOrganisationFacts(ctx.db, principal.organisationId);
  if (!organisation) return [];
  const open = await listConsultations(ctx.db, ctx.now(), { status: 'open' });
  const asked = open.filter(
    (c) => eligibility({ roles: principal.roles, organisation }, c.audiences).eligible,
  );
  if (asked.length === 0) return [];
  const done = await respondedConsultationIds(
    ctx.db,
    organisation.id,
    asked.map((c) => c.id),
  );
  return asked
    .filter((c) => !done.has(c.id))
    .map((c): AttentionItem => ({
      title: `Respond to the consultation “${c.title}”`,
      detail: `Your organisation has not responded. It closes ${formatInstant(c.closesAt)}.`,
      href: `/consultations/${c.id}#your-response`,
      due: c.closesAt.toISOString(),
      severity: 'due',
    }));
};

/**
 * Consultations: closed consultations whose summary is not yet published, for those who write it.
 * Ruling 13, issue 13: a consultation held outside secrel (opened before the cut-over) is history
 * and asks nobody to act.
 */
export const unsummarisedConsultationsAttention: AttentionProvider = async (ctx, principal) => {
  const [closed, cutOver] = await Promise.all([
    listConsultations(ctx.db, ctx.now(), { status: 'closed' }),
    cutOverOf(ctx.db),
  ]);
  return closed
    .filter(
      (c) =>
        c.summaryPublishedAt === null &&
        !isHeldOutsideSecrel(c, cutOver) &&
        canSummarise(principal, c.runBy),
    )
    .map((c): AttentionItem => ({
      title: `Publish the summary of the consultation “${c.title}”`,
      detail: `It closed ${formatInstant(c.closesAt)}: record the summary and the reply to each point raised.`,
      href: `/consultations/${c.id}/summary`,
      severity: 'info',
    }));
};

/** How many of an organisation's own responses its home page lists. */
const RESPONSES_SHOWN = 20;

/**
 * Issue 13: the responses the person's organisation has given, newest first, each saying whether
 * the consultation is still open (the response can be changed until it closes) or closed.
 */
export const ownResponsesAttention: AttentionProvider = async (ctx, principal) => {
  if (principal.organisationId === null) return [];
  const responses = await responsesOfOrganisation(
    ctx.db,
    principal.organisationId,
    RESPONSES_SHOWN,
  );
  const now = ctx.now().getTime();
  return responses.map((r): AttentionItem => {
    const open = r.closesAt.getTime() > now;
    return {
      title: `Your organisation’s response to the consultation “${r.title}”`,
      detail: `Sent ${formatInstant(r.submittedAt)}. ${open ? `The consultation closes ${formatInstant(r.closesAt)}; until then the response can be changed.` : `The consultation closed ${formatInstant(r.closesAt)}.`}`,
      href: `/consultations/${r.consultationId}#your-response`,
      severity: 'info',
      record: { tag: open ? 'Sent, still open' : 'Sent, closed' },
    };
  });
};
