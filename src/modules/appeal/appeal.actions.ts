import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { londonDateOf } from '../../calendar/index.ts';
import { AppError } from '../../errors.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import type { Principal } from '../identity/identity.ts';
import { activeUsersOf, activeUsersWithRole } from '../meeting/meeting.queries.ts';
import { checkAppeal, checkDetermination, type Appeal, type Determination } from './appeal.ts';
import { appealDeadline } from './appeal-window.ts';
import { canDetermineAppeal, canLodgeAppeal } from './appeal.access.ts';
import {
  determinedSubject,
  determinedText,
  distinct,
  lodgedRecipients,
  lodgedSubject,
  lodgedText,
  type Recipient,
} from './appeal.mail.ts';
import { findRidVersion, insertAppeal, lockAppeal, saveDetermination } from './appeal.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

async function mail(
  unit: UnitOfWork,
  people: Recipient[],
  key: string,
  subject: string,
  text: (name: string) => string,
): Promise<void> {
  for (const person of people)
    await unit.notify({
      to: person.email,
      toName: person.name,
      subject,
      text: text(person.name),
      dedupeKey: `${key}:${person.id}`,
    });
}

/** D10.17, ruling 1: the version appealed, or a refusal stating why it cannot be appealed now. */
async function appealableVersion(
  ctx: AppContext,
  unit: UnitOfWork,
  releaseId: number,
  number: number,
  reasons: string,
) {
  const version = await findRidVersion(unit.trx, releaseId, number);
  if (!version)
    throw new AppError('not_found', `Release ${releaseId} has no RID version ${number}`);
  const calendar = await calendarFor(ctx, undefined, unit.trx);
  const refusal = checkAppeal(calendar, version, reasons, unit.now);
  if (refusal) {
    throw new AppError(refusal.code, refusal.message, {
      ...(refusal.field === undefined ? {} : { field: refusal.field }),
      ...(refusal.details === undefined ? {} : { details: refusal.details }),
    });
  }
  const publishedAt = version.publishedAt ?? '';
  return { version, publishedAt, deadline: appealDeadline(calendar, publishedAt) };
}

/** Domain.md §10 item 5: the appeal goes to the Authority, copied to the Code Administrator. */
async function tellOfAppeal(unit: UnitOfWork, appeal: Appeal, deadline: string): Promise<void> {
  const [authority, secas] = await Promise.all([
    activeUsersWithRole(unit.trx, 'authority'),
    activeUsersWithRole(unit.trx, 'code_administrator'),
  ]);
  const { lodgedWith, copied } = lodgedRecipients(authority, secas);
  const subject = lodgedSubject(appeal);
  const lodgedOn = londonDateOf(unit.now.toISOString());
  const key = `appeal:${appeal.id}:lodged`;
  await mail(unit, lodgedWith, key, subject, (name) =>
    lodgedText(appeal, { lodgedOn, deadline, copy: false }, name),
  );
  await mail(unit, copied, key, `Copy: ${subject}`, (name) =>
    lodgedText(appeal, { lodgedOn, deadline, copy: true }, name),
  );
}

/**
 * D10.17, rulings 1 and 2: a Party appeals the Panel's approval of version `number` of a
 * release's RID, within 10 Working Days after that approval was published, stating its reasons.
 * The appeal is lodged with the Authority and copied to the Code Administrator (domain.md §10
 * item 5): both are e-mailed. It does not suspend the RID or the release.
 */
export async function lodgeAppeal(
  ctx: AppContext,
  principal: Principal | null,
  releaseId: number,
  number: number,
  input: { reasons: string },
): Promise<Appeal> {
  const actor = actorOf(
    requireActor(principal, canLodgeAppeal, 'Only a Party may appeal a RID approval (D10.17)'),
  );
  if (principal?.organisationId == null) throw new AppError('forbidden', 'Only a Party may appeal');
  const { organisationId, userId } = principal;
  const reasons = input.reasons.trim();
  return inTransaction(ctx, actor, async (unit) => {
    const { version, publishedAt, deadline } = await appealableVersion(
      ctx,
      unit,
      releaseId,
      number,
      reasons,
    );
    const id = await insertAppeal(unit.trx, {
      ridVersionId: version.id,
      organisationId,
      lodgedBy: userId,
      lodgedAt: unit.now,
      reasons,
    });
    const appeal = await lockAppeal(unit.trx, id);
    await unit.audit({
      action: 'rid.appeal_lodged',
      subjectType: 'rid_appeal',
      subjectId: String(appeal.id),
      before: null,
      after: {
        releaseId,
        ridVersionId: version.id,
        ridVersionNumber: number,
        organisationId,
        reasons,
        publishedAt,
        deadline,
      },
    });
    await tellOfAppeal(unit, appeal, deadline);
    return appeal;
  });
}

/** D10.17: the appellant's people and SECAS are told of the Authority's determination. */
async function tellOfDetermination(
  unit: UnitOfWork,
  appeal: Appeal,
  facts: { outcome: Determination; determination: string; determinedOn: string },
): Promise<void> {
  const [appellant, secas] = await Promise.all([
    activeUsersOf(unit.trx, appeal.organisationId),
    activeUsersWithRole(unit.trx, 'code_administrator'),
  ]);
  await mail(
    unit,
    distinct(appellant, secas),
    `appeal:${appeal.id}:determined`,
    determinedSubject(appeal),
    (name) => determinedText(appeal, facts, name),
  );
}

export interface DeterminationInput {
  outcome: string;
  determination: string;
  /** The date of the determination; default today (UK date). */
  determinedOn?: string | undefined;
  /** The appeal's version as the Authority read it; a stale one is refused. */
  version?: number | undefined;
}

/**
 * D10.17, ruling 2: the Authority records its determination of an appeal (upheld, dismissed or
 * other action, with its text). It is final: a second determination is refused. The appellant
 * and SECAS are e-mailed. Nothing else changes by itself: any action the determination directs
 * (an amendment, a new timetable) is taken through its own process.
 */
export async function determineAppeal(
  ctx: AppContext,
  principal: Principal | null,
  appealId: number,
  input: DeterminationInput,
): Promise<Appeal> {
  const actor = actorOf(
    requireActor(principal, canDetermineAppeal, 'Only the Authority determines appeals (D10.17)'),
  );
  return inTransaction(ctx, actor, async (unit) => {
    const before = await lockAppeal(unit.trx, appealId, input.version);
    const today = todayOf(unit.now);
    const determination = input.determination.trim();
    const determinedOn = input.determinedOn?.trim() || today;
    const refusal = checkDetermination(
      {
        status: before.status,
        determinedOn: before.determinedOn,
        lodgedOn: londonDateOf(new Date(before.lodgedAt).toISOString()),
      },
      { outcome: input.outcome, determination, determinedOn },
      today,
    );
    if (refusal)
      throw new AppError(
        refusal.code,
        refusal.message,
        refusal.field === undefined ? {} : { field: refusal.field },
      );
    const outcome = input.outcome as Determination;
    await saveDetermination(unit.trx, appealId, {
      outcome,
      text: determination,
      determinedOn,
      determinedBy: actor.id,
      determinedAt: unit.now,
    });
    const appeal = await lockAppeal(unit.trx, appealId);
    await unit.audit({
      action: 'rid.appeal_determined',
      subjectType: 'rid_appeal',
      subjectId: String(appealId),
      before: { status: before.status },
      after: { status: outcome, determination, determinedOn },
    });
    await tellOfDetermination(unit, appeal, { outcome, determination, determinedOn });
    return appeal;
  });
}
