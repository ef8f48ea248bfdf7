import { Type } from 'typebox';
import { MAX_NOTICE_BODY, MAX_NOTICE_SUBJECT } from './notice.ts';

export const NoticeBody = Type.Object({
  subject: Type.String({ maxLength: MAX_NOTICE_SUBJECT, description: 'The notice’s subject' }),
  body: Type.String({ maxLength: MAX_NOTICE_BODY, description: 'The text of the notice' }),
});

export const NoticeSchema = Type.Object({
  id: Type.Integer(),
  releaseId: Type.Integer(),
  releaseName: Type.Optional(Type.String()),
  subject: Type.String(),
  body: Type.String(),
  issuedAt: Type.String({ format: 'date-time' }),
  recipients: Type.Integer({ description: 'Party users the notice was sent to' }),
  mandatoryRecipients: Type.Integer({
    description: 'Of those, users of Users: the mandatory recipients (D10.8(c), ruling 9)',
  }),
  late: Type.Boolean({ description: 'Issued after the notice period of the release started' }),
});

export const ReleaseNoticesSchema = Type.Object({
  releaseId: Type.Integer(),
  releaseName: Type.String(),
  noticePeriodStart: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
    description: 'From the governing Policy version; null when it sets no notice period',
  }),
  issuedBeforeStart: Type.Boolean({
    description: 'Whether a notice was issued on or before the notice-period start',
  }),
  notices: Type.Array(NoticeSchema),
});
