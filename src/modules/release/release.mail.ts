/**
 * The e-mails of releases. PURE: texts only; the sweep queues them through the outbox.
 */
import { longDate } from '../../calendar/date-words.ts';
import { movedInWords, type MovedMilestone } from './release-policy-change.ts';

/** Ruling 14: the Panel and SECAS are told the milestones a newly effective Policy version moved. */
export function policyChangeMail(
  facts: {
    releaseId: number;
    releaseName: string;
    fromVersion: number;
    toVersion: number;
    effectiveFrom: string;
    moved: readonly MovedMilestone[];
  },
  name: string,
): { subject: string; text: string } {
  const lines = facts.moved.length
    ? facts.moved.map((m) => `- ${movedInWords(m, longDate)}`)
    : ['No milestone moved.'];
  return {
    subject: `${facts.releaseName}: Policy version ${facts.toVersion} now governs it`,
    text: [
      `Dear ${name},`,
      '',
      `Version ${facts.toVersion} of the SEC Release Management Policy took effect on ${longDate(facts.effectiveFrom)}. Until its freeze starts, the ${facts.releaseName} follows the version in force, so version ${facts.toVersion} replaces version ${facts.fromVersion} for it.`,
      '',
      'Milestones moved:',
      ...lines,
      '',
      `See /releases/${facts.releaseId}`,
    ].join('\n'),
  };
}
