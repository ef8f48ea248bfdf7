/** The draft edit forms of a version page: each turns its posted fields into a whole edit. */
import type { FastifyRequest } from 'fastify';
import { invalid } from '../../errors.ts';
import { formText } from '../../web/forms.ts';
import type { PolicyVersionEdit } from './policy.actions.ts';
import type { PolicyMechanisms, ReleaseType, WeekOfMonth } from './policy-mechanisms.ts';
import type { PolicyVersion } from './policy.ts';

function wholeNumber(request: FastifyRequest, field: string, min: number, max: number): number {
  const text = formText(request, field);
  const value = Number(text);
  if (text === '' || !Number.isInteger(value) || value < min || value > max)
    throw invalid(field, `Enter a whole number from ${min} to ${max}`);
  return value;
}

export function formVersion(request: FastifyRequest): number {
  const version = Number(formText(request, 'version'));
  if (!Number.isSafeInteger(version) || version < 1)
    throw invalid('version', 'Reload the page and try again');
  return version;
}

function releaseTypesFrom(request: FastifyRequest, types: readonly ReleaseType[]): ReleaseType[] {
  return types.map((type) => {
    const goLiveWeekday = wholeNumber(request, `weekday-${type.id}`, 1, 7);
    if (type.kind !== 'standard') return { ...type, goLiveWeekday };
    const weekText = formText(request, `week-${type.id}`);
    if (!['1', '2', '3', '4', 'last'].includes(weekText))
      throw invalid(`week-${type.id}`, 'Choose the first to fourth, or the last');
    const week: WeekOfMonth = weekText === 'last' ? 'last' : Number(weekText);
    const month = wholeNumber(request, `month-${type.id}`, 1, 12);
    return { ...type, goLiveWeekday, week, month };
  });
}

function noticeFrom(request: FastifyRequest, m: PolicyMechanisms): PolicyMechanisms['notice'] {
  const periods = (m.allocation?.releaseTypes ?? []).flatMap((type) => {
    if (formText(request, `notice-${type.id}-amount`) === '') return [];
    const amount = wholeNumber(request, `notice-${type.id}-amount`, 1, 500);
    const unit = formText(request, `notice-${type.id}-unit`);
    if (unit !== 'months' && unit !== 'working_days')
      throw invalid(`notice-${type.id}-unit`, 'Choose months or Working Days');
    return [{ releaseType: type.id, amount, unit } as const];
  });
  return {
    recipients: 'all_parties_users_mandatory',
    changeFreeze: m.notice?.changeFreeze ?? null,
    noticePeriods: periods,
  };
}

/** Each edit form: what it changes in the current draft, the form's anchor and its fields. */
export const EDITS: Record<
  string,
  {
    anchor: string;
    notice: string;
    change: (r: FastifyRequest, v: PolicyVersion) => PolicyVersionEdit;
  }
> = {
  title: {
    anchor: 'title',
    notice: 'The title has been saved.',
    change: (r, v) => ({ ...v, title: formText(r, 'title'), version: formVersion(r) }),
  },
  consultation: {
    anchor: 'consultationWorkingDays',
    notice: 'The minimum consultation period has been saved.',
    change: (r, v) => ({
      ...v,
      consultationWorkingDays: wholeNumber(r, 'consultationWorkingDays', 1, 250),
      version: formVersion(r),
    }),
  },
  'release-types': {
    anchor: 'release-types',
    notice: 'The go-live days have been saved.',
    change: (r, v) => {
      const allocation = v.mechanisms.allocation;
      if (!allocation) throw invalid('release-types', 'The version has no release types yet');
      const releaseTypes = releaseTypesFrom(r, allocation.releaseTypes);
      return {
        ...v,
        mechanisms: { ...v.mechanisms, allocation: { ...allocation, releaseTypes } },
        version: formVersion(r),
      };
    },
  },
  notice: {
    anchor: 'notice-periods',
    notice: 'The notice periods have been saved.',
    change: (r, v) => ({
      ...v,
      mechanisms: { ...v.mechanisms, notice: noticeFrom(r, v.mechanisms) },
      version: formVersion(r),
    }),
  },
  baselines: {
    anchor: 'baselines',
    notice: 'The scope-baseline points have been saved.',
    change: (r, v) => {
      const oversight = v.mechanisms.oversight;
      if (!oversight) throw invalid('baselines', 'The version has no scope-baseline points yet');
      const scopeBaselines = oversight.scopeBaselines.map((b) => ({
        ...b,
        monthsBeforeGoLive: wholeNumber(r, `baseline-${b.id}`, 0, 60),
      }));
      return {
        ...v,
        mechanisms: { ...v.mechanisms, oversight: { ...oversight, scopeBaselines } },
        version: formVersion(r),
      };
    },
  },
  mechanisms: {
    anchor: 'mechanisms',
    notice: 'The mechanisms have been saved.',
    change: (r, v) => {
      let mechanisms: unknown;
      try {
        mechanisms = JSON.parse(formText(r, 'mechanisms'));
      } catch {
        throw invalid('mechanisms', 'The mechanisms are not valid JSON');
      }
      return { ...v, mechanisms: mechanisms as PolicyMechanisms, version: formVersion(r) };
    },
  },
  'add-section': {
    anchor: 'section-id',
    notice: 'The section has been added.',
    change: (r, v) => {
      const section = {
        id: formText(r, 'section-id'),
        heading: formText(r, 'section-heading'),
        text: formText(r, 'section-text'),
      };
      if (section.id === '') throw invalid('section-id', 'Give the section an id');
      return { ...v, prose: [...v.prose, section], version: formVersion(r) };
    },
  },
};
