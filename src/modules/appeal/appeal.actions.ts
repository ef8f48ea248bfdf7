import { inTransaction, type AppContext, type UnitOfWork } from '../../app-context.ts';
import { londonDateOf } from '../../calendar/index.ts';
import { AppError } from '../../errors.ts';
import { formatDate } from '../../calendar/format.ts';
import { calendarFor } from '../calendar/calendar.queries.ts';
import type { Principal } from '../identity/identity.ts';
import { activeUsersOf, activeUsersWithRole } from '../meeting/meeting.store.ts';
import {
  APPEAL_STATUS_NAMES,
  checkAppeal,
  checkDetermination,
  deadlineInWords,
  type Determination,
} from './appeal.ts';
import { appealDeadline } from './appeal-window.ts';
import { canDetermineAppeal, canLodgeAppeal } from './appeal.access.ts';
import { findRidVersion, lockAppeal, type AppealView } from './appeal.store.ts';
import { requireActor } from '../identity/identity.access.ts';
import { actorOf } from '../identity/identity.ts';
import { todayOf } from '../../calendar/deadline.ts';

interface Recipient {
  id: number;
  email: string;
  name: string;
}

/** Each person once, in the order given (a person may hold several of the roles). */
function distinct(...groups: Recipient[][]): Recipient[] {
  const seen = new Map<number, Recipient>();
  for (const person of groups.flat()) if (!seen.has(person.id)) seen.set(person.id, person);
  return [...seen.values()].filter((person) => person.email !== '');
}

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
): Promise<AppealView> {
  const actor = actorOf(
    requireActor(principal, canLodgeAppeal, 'Only a Party may appeal a RID approval (D10.17)'),
  );
  if (principal?.organisationId == null) throw new AppError('forbidden', 'Only a Party may appeal');
  const { organisationId, userId } = principal;
  const reasons = input.reasons.trim();
  return inTransaction(ctx, actor, async (unit) => {
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
    const deadline = appealDeadline(calendar, publishedAt);
    const row = await unit.trx
      .insertInto('rid_appeal')
      .values({
        rid_version_id: version.id,
        organisation_id: organisationId,
        lodged_by: userId,
        lodged_at: unit.now,
        reasons,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const appeal = await lockAppeal(unit.trx, row.id);
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
    const [authority, secas] = await Promise.all([
      activeUsersWithRole(unit.trx, 'authority'),
      activeUsersWithRole(unit.trx, 'code_administrator'),
    ]);
    const subject = `Appeal against the approval of RID version ${number}: ${appeal.release_name}`;
    const body = (copy: boolean) => (name: string) =>
      [
        `Dear ${name},`,
        '',
        `${appeal.organisation_name} has appealed the SEC Panel’s approval of version ${number} of the Release Implementation Document of the ${appeal.release_name} (Section D10.17). The appeal is referred to the Authority${copy ? '; you receive a copy as the Code Administrator' : ', whose determination is final'}.`,
        '',
        `Lodged: ${formatDate(londonDateOf(unit.now.toISOString()))}, within the appeal window that closes at ${deadlineInWords(deadline)}.`,
        '',
        `Reasons: ${reasons}`,
        '',
        'The appeal does not suspend the RID or the release (ruling 2).',
        '',
        `The appeal: /appeals/${appeal.id}`,
      ].join('\n');
    const authorityPeople = distinct(authority);
    await mail(unit, authorityPeople, `appeal:${appeal.id}:lodged`, subject, body(false));
    const copied = distinct(secas).filter((p) => !authorityPeople.some((a) => a.id === p.id));
    await mail(unit, copied, `appeal:${appeal.id}:lodged`, `Copy: ${subject}`, body(true));
    return appeal;
  });
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
): Promise<AppealView> {
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
        determinedOn: before.determined_on,
        lodgedOn: londonDateOf(new Date(before.lodged_at).toISOString()),
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
    await unit.trx
      .updateTable('rid_appeal')
      .set((eb) => ({
        status: outcome,
        determination,
        determined_on: determinedOn,
        determined_by: actor.id,
        determined_at: unit.now,
        version: eb('version', '+', 1),
      }))
      .where('id', '=', appealId)
      .execute();
    const appeal = await lockAppeal(unit.trx, appealId);
    await unit.audit({
      action: 'rid.appeal_determined',
      subjectType: 'rid_appeal',
      subjectId: String(appealId),
      before: { status: before.status },
      after: { status: outcome, determination, determinedOn },
    });
    const [appellant, secas] = await Promise.all([
      activeUsersOf(unit.trx, appeal.organisation_id),
      activeUsersWithRole(unit.trx, 'code_administrator'),
    ]);
    const subject = `The Authority has determined the appeal against RID version ${appeal.rid_version_number}: ${appeal.release_name}`;
    await mail(unit, distinct(appellant, secas), `appeal:${appealId}:determined`, subject, (name) =>
      [
        `Dear ${name},`,
        '',
        `The Authority has determined the appeal by ${appeal.organisation_name} against the SEC Panel’s approval of version ${appeal.rid_version_number} of the Release Implementation Document of the ${appeal.release_name} (Section D10.17).`,
        '',
        `Outcome: ${APPEAL_STATUS_NAMES[outcome]}, on ${formatDate(determinedOn)}.`,
        '',
        determination,
        '',
        'The Authority’s determination is final.',
        '',
        `The appeal: /appeals/${appealId}`,
      ].join('\n'),
    );
    return appeal;
  });
}
