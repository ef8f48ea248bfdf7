/**
 * D10.5: allocation (ruling 17) and the Panel's deferral (ruling 10) count the requests to the
 * Authority with one rule (`hasRequestAwaitingAuthority`): each read, on both engines, says the
 * same of the same modification. Before, deferral also counted a request the Authority had
 * already answered with a direction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { allocatedModifications } from '../../src/modules/go-live/go-live.store.ts';
import { dateStandings } from '../../src/modules/timetable/timetable.queries.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { ENGINES } from '../support/test-db.ts';
import {
  givenAllocatedModification,
  givenAllocation,
  givenPolicy,
  givenRelease,
} from '../support/release-fixtures.ts';

describe.each(ENGINES)('D10.5: one count of requests to the Authority on %s', (engine) => {
  let t: TestApp;
  let release: number;
  let modification: number;

  async function request(status: 'pending' | 'directed' | 'declined', recordedAt: Date) {
    const row = await t.ctx.db
      .insertInto('authority_request')
      .values({
        modification_id: modification,
        challenge_id: null,
        reason: 'The timetable is not reasonably practicable',
        proposed_date: '2027-11-04',
        requested_on: '2026-11-20',
        status,
        directed_date: status === 'directed' ? '2027-11-04' : null,
        directed_on: status === 'directed' ? '2026-11-20' : null,
        recorded_by: null,
        recorded_at: recordedAt,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** What allocation and deferral each read of the modification: requested or not. */
  async function bothCounts(): Promise<{ allocation: boolean; deferral: boolean }> {
    const [standing] = await dateStandings(t.ctx.db, [modification]);
    const [allocated] = await allocatedModifications(t.ctx.db, release);
    return {
      allocation: standing?.requested ?? false,
      deferral: allocated?.hasAuthorityRequest ?? false,
    };
  }

  beforeAll(async () => {
    t = await createTestApp(engine);
    const policy = await givenPolicy(t);
    release = await givenRelease(t, policy, 'June 2027 SEC Release', 'planned', '2027-06-24');
    // The implementation timetable is set now (the test clock's instant).
    modification = await givenAllocatedModification(t, 'MP510', '2027-06-24');
    await givenAllocation(t, release, modification, 'whole');
  });
  afterAll(async () => {
    await t.close();
  });

  it('D10.5: no request: neither allocation nor deferral counts one', async () => {
    expect(await bothCounts()).toEqual({ allocation: false, deferral: false });
  });

  it('D10.5(b): a request the Authority answered with a direction, recorded the instant the date was set, counts for neither', async () => {
    const id = await request('directed', t.clock.now());
    expect(await bothCounts()).toEqual({ allocation: false, deferral: false });
    await t.ctx.db.deleteFrom('authority_request').where('id', '=', id).execute();
  });

  it('D10.5: a declined request counts for neither; one recorded before the date was set neither', async () => {
    await request('declined', new Date(t.clock.now().getTime() + 60_000));
    await request('pending', new Date(t.clock.now().getTime() - 60_000));
    expect(await bothCounts()).toEqual({ allocation: false, deferral: false });
  });

  it('D10.5: a pending request recorded since the date was set counts for both', async () => {
    await request('pending', new Date(t.clock.now().getTime() + 60_000));
    expect(await bothCounts()).toEqual({ allocation: true, deferral: true });
  });
});
