import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { AppError } from '../../errors.ts';
import type { Principal } from '../identity/identity.ts';
import { findRelease } from '../release/release.queries.ts';
import {
  checkRequestInput,
  checkResponse,
  checkTransition,
  checkWithdrawalReason,
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
  lockDccRequest,
  type DccRequestRow,
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

/** What the audit trail records of a request. */
function auditView(row: DccRequestRow) {
  return {
    release_id: row.release_id,
    rid_section: row.rid_section,
    subject: row.subject,
    due_date: row.due_date,
    status: row.status,
    ...(row.response === null ? {} : { response: row.response }),
    ...(row.withdrawal_reason === null ? {} : { withdrawal_reason: row.withdrawal_reason }),
  };
}

export function mailFacts(row: DccRequestRow, releaseName: string): RequestMailFacts {
  return {
    id: row.id,
    releaseName,
    subject: row.subject,
    detail: row.detail,
    dueDate: row.due_date,
    ridSection: row.rid_section,
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
): Promise<DccRequestRow> {
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
    if (release.status === 'cancelled' || release.status === 'closed')
      throw new AppError(
        'invalid_transition',
        `${release.name} is ${release.status}: no information can be requested for it`,
        { field: 'releaseId' },
      );
    const row = await unit.trx
      .insertInto('dcc_info_request')
      .values({
        release_id: release.id,
        rid_section: fields.ridSection,
        subject: fields.subject,
        detail: fields.detail,
        due_date: fields.dueDate,
        requested_by: actor.id,
        requested_at: unit.now,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
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
): Promise<DccRequestRow> {
  const actor = actorOf(
    requireActor(principal, canRespondToDccRequest, 'Only the DCC answers information requests'),
  );
  const response = input.response.trim();
  refuse(checkResponse(response));
  return inTransaction(ctx, actor, async (unit) => {
    const before = await lockDccRequest(unit.trx, id);
    refuse(checkTransition(before.status, 'answered'));
    checkVersion(before, input.version);
    const row = await unit.trx
      .updateTable('dcc_info_request')
      .set((eb) => ({
        status: 'answered',
        response,
        responded_by: actor.id,
        responded_at: unit.now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const requester = await activeUser(unit.trx, row.requested_by);
    if (requester) {
      const mail = answeredMail(
        mailFacts(row, await releaseNameOf(unit, row.release_id)),
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
): Promise<DccRequestRow> {
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
    const row = await unit.trx
      .updateTable('dcc_info_request')
      .set((eb) => ({
        status: 'withdrawn',
        withdrawal_reason: reason,
        withdrawn_by: actor.id,
        withdrawn_at: unit.now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirstOrThrow();
    const releaseName = await releaseNameOf(unit, row.release_id);
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
