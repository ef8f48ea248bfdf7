import { Type } from 'typebox';
import { IsoDate } from '../../schemas.ts';
import { AGENDA_KINDS, MEETING_KINDS, PAPERS_WORKING_DAYS } from './meeting.ts';

/** A schema or null. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) =>
  Type.Union([schema, Type.Null()]);

/** Free text the Panel records: what an action is, why there are none. */
export const Text = Type.String({ minLength: 1, maxLength: 4000 });

export const VersionField = Type.Integer({
  minimum: 1,
  description: 'The version you saw; if it has changed since, the request is refused with 409',
});

export const NewMeetingBody = Type.Object({
  heldOn: IsoDate,
  kind: Type.Enum([...MEETING_KINDS]),
});

export const MeetingSchema = Type.Object({
  id: Type.Integer(),
  heldOn: Type.String(),
  kind: Type.Enum([...MEETING_KINDS]),
  papersDue: Type.String({
    description: `Papers are issued ${PAPERS_WORKING_DAYS} Working Days before the meeting`,
  }),
  status: Type.Enum(['scheduled', 'closed']),
  closedAt: Nullable(Type.String({ format: 'date-time' })),
  heldOutsideSecrel: Type.Boolean({
    description:
      'Ruling 13: held before the installation’s cut-over date, so recorded as history ("Held outside secrel"), not run live in secrel',
  }),
  version: Type.Integer(),
});

export const MeetingListingSchema = Type.Object({
  ...MeetingSchema.properties,
  upcoming: Type.Boolean(),
  itemCount: Type.Integer(),
  latePapers: Type.Integer(),
});

export const MeetingListQuery = Type.Object({
  upcoming: Type.Optional(Type.Boolean({ description: 'Only meetings held today or later' })),
});

export const PlacementSchema = Type.Object({
  agendaItemId: Type.Integer(),
  meetingId: Type.Integer(),
  heldOn: Type.String(),
  papersDue: Type.String(),
  latePaper: Type.Boolean({
    description: 'Placed after the meeting’s papers were issued (ruling 3)',
  }),
});

export const CreatedMeetingSchema = Type.Object({
  meeting: MeetingSchema,
  placements: Type.Array(PlacementSchema, {
    description: 'Approvals and challenges that were awaiting a meeting, now on its agenda',
  }),
});

export const ActionSchema = Type.Object({
  id: Type.Integer(),
  modificationId: Type.Integer(),
  reference: Type.String(),
  meetingId: Nullable(Type.Integer()),
  heldOn: Nullable(Type.String()),
  description: Type.String(),
  ownerOrganisationId: Type.Integer(),
  ownerName: Type.String(),
  dueDate: Type.String(),
  status: Type.Enum(['open', 'done']),
  completedAt: Nullable(Type.String({ format: 'date-time' })),
  overdue: Type.Boolean({ description: 'Open and due before today (D10.3)' }),
  version: Type.Integer(),
});

export const ChallengeSchema = Type.Object({
  id: Type.Integer(),
  modificationId: Type.Integer(),
  kind: Type.Enum(['appeal_s173', 'judicial_review']),
  lodgedOn: Type.String(),
  details: Type.String(),
  delayAppropriate: Nullable(Type.Boolean()),
  decidedAt: Nullable(Type.String({ format: 'date-time' })),
  requestMade: Type.Boolean(),
  requestOutstanding: Type.Boolean({
    description: 'D10.6: delay decided appropriate and no request to the Authority made yet',
  }),
});

export const ProblemSchema = Type.Object({
  code: Type.String(),
  reference: Type.String(),
  message: Type.String(),
});

export const AgendaItemSchema = Type.Object({
  id: Type.Integer(),
  modificationId: Type.Integer(),
  reference: Type.String(),
  title: Type.String(),
  kind: Type.Enum([...AGENDA_KINDS]),
  latePaper: Type.Boolean(),
  noActionsReason: Nullable(Type.String()),
  actions: Type.Array(ActionSchema),
  challenges: Type.Array(ChallengeSchema),
});

export const MeetingDetailSchema = Type.Object({
  ...MeetingSchema.properties,
  agenda: Type.Array(AgendaItemSchema),
  closingProblems: Type.Array(ProblemSchema, { description: 'What stops the meeting closing now' }),
});

export const NewActionBody = Type.Object({
  agendaItemId: Type.Integer({ minimum: 1, description: 'The implementation-actions item' }),
  description: Text,
  ownerOrganisationId: Type.Integer({ minimum: 1, description: 'SECAS, the DCC or a Party' }),
  dueDate: IsoDate,
});

export const AgendaItemParams = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  itemId: Type.Integer({ minimum: 1 }),
});

export const NoActionsBody = Type.Object({ reason: Text });

/** `{}`, or `{ "version": n }` to be refused (409) if the record changed since version n. */
export const VersionBody = Type.Object({ version: Type.Optional(VersionField) });

export const ActionsQuery = Type.Object({
  overdue: Type.Optional(Type.Boolean({ description: 'Only open actions past their due date' })),
  modificationId: Type.Optional(Type.Integer({ minimum: 1 })),
});
