import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { findRelease } from '../release/release.queries.ts';
import {
  checkReleaseOpen,
  checkRequestInput,
  checkResponse,
  checkTransition,
  checkWithdrawalReason,
  type DccRequest,
  type Refusal,
} from './dcc-request.ts';
import {
  answeredMail,
  requestMail,
  withdrawnMail,
  type RequestMailFacts,
} from './dcc-request.mail.ts';
import {
  canRequestFromDcc,
  canRespondToDccRequest,
  canWithdrawDccRequest,
} from './dcc-request.access.ts';
import {
  activeUser,
  checkVersion,
  dccRecipients,
  insertDccRequest,
  lockDccRequest,
  saveAnswer,
  saveWithdrawal,
} from './dcc-request.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

function refuse(refusal: Refusal | null): void {
  if (refusal) throw new AppError(refusal.code, refusal.message, { field: refusal.field });
}

export interface RequestFields {
  subject: string;
  detail?: string | undefined;
  dueDate: string;
  /** A D10.13 section letter (a)–(f) or a free-section key; '' or null for none. */
  ridSection?: string | null | undefined;
}

/** What the audit trail records of a request (its column names, as it always has). */
function auditView(request: DccRequest) {
  return {
    release_id: request.releaseId,
    rid_section: request.ridSection,
    subject: request.subject,
    due_date: request.dueDate,
    status: request.status,
    ...(request.response === null ? {} : { response: request.response }),
    ...(request.withdrawalReason === null ? {} : { withdrawal_reason: request.withdrawalReason }),
  };
}

export function mailFacts(request: DccRequest, releaseName: string): RequestMailFacts {
  return {
    id: request.id,
    releaseName,
    subject: request.subject,
    detail: request.detail,
    dueDate: request.dueDate,
    ridSection: request.ridSection,
  };
}

async function releaseNameOf(unit: UnitOfWork, releaseId: number): Promise<string> {
  return (await findRelease(unit.trx, releaseId))?.name ?? `release ${releaseId}`;
}

/**
 * D10.10, D10.14: SECAS or the Panel Chair asks the DCC, for the Panel, for information on a
 * release (optionally for a RID section) by a due date; the DCC's people are e-mailed in the same
 * transaction.
 */
export async function requestInformation(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  input: RequestFields,
): Promise<DccRequest> {
  const actor = actorOf(
    requireActor(
      principal,
      canRequestFromDcc,
      'Only SECAS or the Panel Chair asks the DCC for information',
    ),
  );
  const fields = {
    subject: input.subject.trim(),
    detail: (input.detail ?? '').trim(),
    dueDate: input.dueDate.trim(),
    ridSection: input.ridSection?.trim() ? input.ridSection.trim() : null,
  };
  return inTransaction(ctx, actor, async (unit) => {
    refuse(checkRequestInput(fields, todayOf(unit.now)));
    const release = await findRelease(unit.trx, releaseId);
    if (!release) throw new AppError('not_found', `There is no release ${releaseId}`);
    refuse(checkReleaseOpen(release));
    const row = await insertDccRequest(unit.trx, {
      releaseId: release.id,
      ...fields,
      requestedBy: actor.id,
      requestedAt: unit.now,
    });
    const by = principal?.name ?? 'SECAS';
    for (const user of await dccRecipients(unit.trx)) {
      const mail = requestMail(mailFacts(row, release.name), user.name, by);
      await unit.notify({
        to: user.email,
        toName: user.name,
        ...mail,
        dedupeKey: `dcc-request:${row.id}:created:${user.id}`,
      });
    }
    await unit.audit({
      action: 'dcc_request.created',
      subjectType: 'dcc_request',
      subjectId: String(row.id),
      before: null,
      after: auditView(row),
    });
    return row;
  });
}

/**
 * D10.10, D10.14: the DCC answers an open request; the person who asked is told. An answered or
 * withdrawn request is refused (409), as is a stale version.
 */
export async function respondToRequest(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  input: { response: string; version?: number | undefined },
): Promise<DccRequest> {
  const actor = actorOf(
    requireActor(principal, canRespondToDccRequest, 'Only the DCC answers information requests'),
  );
  const response = input.response.trim();
  refuse(checkResponse(response));
  return inTransaction(ctx, actor, async (unit) => {
    const before = await lockDccRequest(unit.trx, id);
    refuse(checkTransition(before.status, 'answered'));
    checkVersion(before, input.version);
    const row = await saveAnswer(unit.trx, id, { response, by: actor.id, at: unit.now });
    const requester = await activeUser(unit.trx, row.requestedBy);
    if (requester) {
      const mail = answeredMail(
        mailFacts(row, await releaseNameOf(unit, row.releaseId)),
        requester.name,
        response,
      );
      await unit.notify({
        to: requester.email,
        toName: requester.name,
        ...mail,
        dedupeKey: `dcc-request:${row.id}:answered`,
      });
    }
    await unit.audit({
      action: 'dcc_request.answered',
      subjectType: 'dcc_request',
      subjectId: String(id),
      before: auditView(before),
      after: auditView(row),
    });
    return row;
  });
}

/** D10.10: SECAS or the Panel Chair withdraws an open request, with a reason; the DCC is told. */
export async function withdrawRequest(
  ctx: AppContext,
  principal: Principal | null,
  id: number,
  input: { reason: string; version?: number | undefined },
): Promise<DccRequest> {
  const actor = actorOf(
    requireActor(
      principal,
      canWithdrawDccRequest,
      'Only SECAS or the Panel Chair withdraws an information request',
    ),
  );
  const reason = input.reason.trim();
  refuse(checkWithdrawalReason(reason));
  return inTransaction(ctx, actor, async (unit) => {
    const before = await lockDccRequest(unit.trx, id);
    refuse(checkTransition(before.status, 'withdrawn'));
    checkVersion(before, input.version);
    const row = await saveWithdrawal(unit.trx, id, { reason, by: actor.id, at: unit.now });
    const releaseName = await releaseNameOf(unit, row.releaseId);
    for (const user of await dccRecipients(unit.trx)) {
      const mail = withdrawnMail(mailFacts(row, releaseName), user.name, reason);
      await unit.notify({
        to: user.email,
        toName: user.name,
        ...mail,
        dedupeKey: `dcc-request:${row.id}:withdrawn:${user.id}`,
      });
    }
    await unit.audit({
      action: 'dcc_request.withdrawn',
      subjectType: 'dcc_request',
      subjectId: String(id),
      before: auditView(before),
      after: auditView(row),
      reason,
    });
    return row;
  });
}
