import type { AppContext } from '../app-context.ts';
import { SYSTEM_ACTOR } from '../audit/audit.ts';
import { createMeeting } from '../modules/meeting/meeting.actions.ts';
import { DEFAULT_MECHANISMS } from '../modules/policy/policy-defaults.ts';
import {
  createPolicyVersion,
  submitPolicyVersion,
  updatePolicyVersion,
} from '../modules/policy/policy.actions.ts';
import {
  decidePolicyVersion,
  openPolicyConsultation,
} from '../modules/policy/policy-decision.actions.ts';

/**
 * The SEC Release Management Policy: version 1, consulted on with the DCC and Users in autumn
 * 2018, approved at the Panel meeting of 7 December 2018 (history before the demo's cut-over,
 * ruling 13: the decision names its meeting) and in force since 1 January 2019, and a draft
 * version 2 giving longer notice of November releases, so /policy/redline has a change to show.
 * All through the real actions.
 */
export async function createDemoPolicy(ctx: AppContext): Promise<void> {
  const v1 = await createPolicyVersion(
    ctx,
    null,
    { title: 'SEC Release Management Policy' },
    SYSTEM_ACTOR,
  );
  const submitted = await submitPolicyVersion(ctx, null, v1.id, v1.version, SYSTEM_ACTOR);
  await openPolicyConsultation(
    ctx,
    null,
    v1.id,
    { opensAt: '2018-10-01', closesAt: '2018-11-09' },
    SYSTEM_ACTOR,
  );
  const { meeting } = await createMeeting(
    ctx,
    null,
    { heldOn: '2018-12-07', kind: 'ordinary' },
    SYSTEM_ACTOR,
  );
  await decidePolicyVersion(
    ctx,
    null,
    v1.id,
    {
      outcome: 'approve',
      meetingId: meeting.id,
      effectiveFrom: '2019-01-01',
      notes: 'Approved by the Panel having considered the responses of the DCC and Users.',
      version: submitted.version,
    },
    SYSTEM_ACTOR,
  );
  const v2 = await createPolicyVersion(
    ctx,
    null,
    { title: 'Longer notice of November releases' },
    SYSTEM_ACTOR,
  );
  const notice = DEFAULT_MECHANISMS.notice;
  await updatePolicyVersion(
    ctx,
    null,
    v2.id,
    {
      title: v2.title,
      mechanisms: {
        ...v2.mechanisms,
        notice: {
          ...notice,
          noticePeriods: notice.noticePeriods.map((period) =>
            period.releaseType === 'november' ? { ...period, amount: 4 } : period,
          ),
        },
      },
      prose: v2.prose.map((section) =>
        section.id === 'review'
          ? { ...section, text: section.text.replace('at least once a year', 'twice a year') }
          : section,
      ),
      version: v2.version,
    },
    SYSTEM_ACTOR,
  );
}
