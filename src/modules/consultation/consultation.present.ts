import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.ts';
import type { Principal } from '../identity/identity.ts';
import { canSeeResponse, canSummarise, canRunConsultation } from './consultation.access.ts';
import { cutOverOf } from '../installation/installation.queries.ts';
import { HELD_OUTSIDE_LABEL } from '../installation/installation.ts';
import {
  audienceName,
  eligibility,
  isHeldOutsideSecrel,
  statusAt,
  type Eligibility,
} from './consultation.ts';
import {
  findOrganisationFacts,
  listBodies,
  listPoints,
  type Consultation,
} from './consultation.store.ts';
import {
  listAttachments,
  listResponses,
  type AttachmentInfo,
  type ConsultationResponse,
} from './consultation-response.store.ts';

export type VisibleResponse = ConsultationResponse & { attachments: AttachmentInfo[] };

/** A consultation as one viewer may see it: only the responses they may read. */
export async function consultationView(
  db: Kysely<DB>,
  consultation: Consultation,
  principal: Principal | null,
  now: Date,
) {
  const bodies = await listBodies(db);
  const all = await listResponses(db, consultation.id);
  const visible = all.filter((r) => canSeeResponse(principal, r));
  const attachments = await listAttachments(
    db,
    visible.map((r) => r.id),
  );
  const responses: VisibleResponse[] = visible.map((r) => ({
    ...r,
    attachments: attachments.filter((a) => a.responseId === r.id),
  }));
  const organisation = principal ? await findOrganisationFacts(db, principal.organisationId) : null;
  const eligible: Eligibility | null = principal
    ? eligibility({ roles: principal.roles, organisation }, consultation.audiences)
    : null;
  const mine =
    eligible?.eligible === true
      ? responses.find((r) => r.organisationId === eligible.organisationId)
      : undefined;
  const published = consultation.summaryPublishedAt !== null;
  const cutOver = await cutOverOf(db);
  return {
    consultation,
    /** Ruling 13: opened before the cut-over, so history recorded from outside secrel. */
    heldOutsideSecrel: isHeldOutsideSecrel(consultation, cutOver),
    heldOutsideLabel: HELD_OUTSIDE_LABEL,
    cutOver,
    status: statusAt(consultation, now),
    audienceNames: consultation.audiences.map((a) => audienceName(a, bodies)),
    responses,
    withheld: all.length - visible.length,
    points: published ? await listPoints(db, consultation.id) : [],
    eligible,
    mine,
    canEdit: canRunConsultation(principal, consultation.runBy),
    canSummarise: canSummarise(principal, consultation.runBy),
  };
}

export type ConsultationView = Awaited<ReturnType<typeof consultationView>>;

/** The consultation in the API's shape (see ConsultationSchema); `cutOver` is ruling 13's date. */
export function consultationJson(c: Consultation, now: Date, cutOver: string) {
  return {
    id: c.id,
    subjectType: c.subjectType,
    subjectId: c.subjectId,
    title: c.title,
    description: c.description,
    audiences: c.audiences,
    questions: c.questions,
    opensAt: c.opensAt.toISOString(),
    closesAt: c.closesAt.toISOString(),
    status: statusAt(c, now),
    runBy: c.runBy,
    heldOutsideSecrel: isHeldOutsideSecrel(c, cutOver),
    minimumWorkingDays: c.minimumWorkingDays,
    summary: c.summaryPublishedAt ? c.summary : null,
    summaryPublishedAt: c.summaryPublishedAt?.toISOString() ?? null,
    version: c.version,
  };
}

export function responseJson(r: ConsultationResponse & { attachments?: AttachmentInfo[] }) {
  return {
    id: r.id,
    organisationId: r.organisationId,
    organisation: r.organisationName,
    answers: r.answers,
    confidential: r.confidential,
    submittedAt: r.submittedAt.toISOString(),
    attachments: (r.attachments ?? []).map((a) => ({
      id: a.id,
      filename: a.filename,
      contentType: a.contentType,
      sizeBytes: a.sizeBytes,
      href: `/api/v1/attachments/${a.id}`,
    })),
  };
}
