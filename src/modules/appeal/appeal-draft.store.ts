import type { Db, Tx } from '../../app-context.ts';

/** A file as lists show it (without its bytes). */
export interface AppealAttachmentInfo {
  id: number;
  filename: string;
  contentType: string;
  sizeBytes: number;
}

export interface AppealDraft {
  id: number;
  reasons: string;
  attachments: AppealAttachmentInfo[];
}

const INFO = ['id', 'filename', 'content_type', 'size_bytes'] as const;

function toInfo(row: {
  id: number;
  filename: string;
  content_type: string;
  size_bytes: number;
}): AppealAttachmentInfo {
  return {
    id: row.id,
    filename: row.filename,
    contentType: row.content_type,
    sizeBytes: row.size_bytes,
  };
}

/** The person's draft appeal against a RID version, with its files; undefined when none. */
export async function findAppealDraft(
  db: Db,
  ridVersionId: number,
  userId: number,
): Promise<AppealDraft | undefined> {
  const draft = await db
    .selectFrom('appeal_draft')
    .select(['id', 'reasons'])
    .where('rid_version_id', '=', ridVersionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!draft) return undefined;
  const files = await db
    .selectFrom('appeal_attachment')
    .select(INFO)
    .where('draft_id', '=', draft.id)
    .orderBy('id')
    .execute();
  return { id: draft.id, reasons: draft.reasons, attachments: files.map(toInfo) };
}

/** Writes the person's draft reasons (creating the draft); returns the draft's id. */
export async function saveAppealDraft(
  trx: Tx,
  draft: { ridVersionId: number; userId: number; reasons: string; now: Date },
): Promise<number> {
  const row = await trx
    .insertInto('appeal_draft')
    .values({
      rid_version_id: draft.ridVersionId,
      user_id: draft.userId,
      reasons: draft.reasons,
      updated_at: draft.now,
    })
    .onConflict((oc) =>
      oc
        .columns(['rid_version_id', 'user_id'])
        .doUpdateSet({ reasons: draft.reasons, updated_at: draft.now }),
    )
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Adds a checked file to a draft; returns the file's id. */
export async function insertDraftAttachment(
  trx: Tx,
  draftId: number,
  file: { filename: string; contentType: string; data: Uint8Array },
  now: Date,
): Promise<number> {
  const row = await trx
    .insertInto('appeal_attachment')
    .values({
      draft_id: draftId,
      appeal_id: null,
      filename: file.filename,
      content_type: file.contentType,
      size_bytes: file.data.length,
      data: file.data,
      created_at: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** Takes a file off a draft; the file taken off (without its bytes), undefined when none such. */
export async function deleteDraftAttachment(
  trx: Tx,
  draftId: number,
  attachmentId: number,
): Promise<AppealAttachmentInfo | undefined> {
  const row = await trx
    .deleteFrom('appeal_attachment')
    .where('id', '=', attachmentId)
    .where('draft_id', '=', draftId)
    .returning(INFO)
    .executeTakeFirst();
  return row ? toInfo(row) : undefined;
}

/** Issue 13: the person discards their draft (its files go with it); false when there is none. */
export async function deleteAppealDraft(trx: Tx, draftId: number): Promise<boolean> {
  await trx.deleteFrom('appeal_attachment').where('draft_id', '=', draftId).execute();
  const result = await trx.deleteFrom('appeal_draft').where('id', '=', draftId).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** On lodging: the draft's files become the appeal's and the draft goes. */
export async function lodgeDraftFiles(trx: Tx, draftId: number, appealId: number): Promise<void> {
  await trx
    .updateTable('appeal_attachment')
    .set({ appeal_id: appealId, draft_id: null })
    .where('draft_id', '=', draftId)
    .execute();
  await trx.deleteFrom('appeal_draft').where('id', '=', draftId).execute();
}

/** The files of an appeal, in the order they were attached. */
export async function appealAttachments(db: Db, appealId: number): Promise<AppealAttachmentInfo[]> {
  const rows = await db
    .selectFrom('appeal_attachment')
    .select(INFO)
    .where('appeal_id', '=', appealId)
    .orderBy('id')
    .execute();
  return rows.map(toInfo);
}

/** One file of an appeal with its bytes; undefined when the appeal has no such file. */
export async function findAppealAttachment(db: Db, appealId: number, attachmentId: number) {
  const row = await db
    .selectFrom('appeal_attachment')
    .select(['filename', 'content_type', 'data'])
    .where('id', '=', attachmentId)
    .where('appeal_id', '=', appealId)
    .executeTakeFirst();
  return row
    ? { filename: row.filename, contentType: row.content_type, data: new Uint8Array(row.data) }
    : undefined;
}
