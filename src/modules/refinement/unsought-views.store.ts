import type { Db } from '../../app-context.ts';
import { londonDateOf } from '../../calendar/index.ts';
import { isSubCommittee } from '../identity/identity.ts';
import {
  requiredConsultations,
  unsoughtViews,
  type ChangedDocument,
  type Consultation,
  type ViewNotice,
} from './consultation-rules.ts';
import { changedDocumentOf } from './refinement.store.ts';

export interface UnsoughtForModification {
  modificationId: number;
  reference: string;
  title: string;
  unsought: Consultation[];
}

/**
 * D6.8(f)–(i): every modification in refinement with a mandatory view not yet sought, worked out
 * in four queries whatever the number of modifications.
 */
export async function findUnsoughtMandatoryViews(db: Db): Promise<UnsoughtForModification[]> {
  const modifications = await db
    .selectFrom('modification')
    .select(['id', 'reference', 'title'])
    .where('status', '=', 'refinement')
    .orderBy('id')
    .execute();
  if (modifications.length === 0) return [];
  const ids = modifications.map((modification) => modification.id);
  const documents = await db
    .selectFrom('modification_document as link')
    .innerJoin('sec_document as document', 'document.id', 'link.document_id')
    .select([
      'link.modification_id',
      'document.kind',
      'document.code',
      'document.title',
      'document.is_technical_code_specification',
      'document.is_security_obligation',
      'document.is_smki_document',
      'document.relates_to_section_z',
      'document.affects_alt_han_charges',
    ])
    .where('link.modification_id', 'in', ids)
    .execute();
  const notices = await db
    .selectFrom('view_notification')
    .select(['modification_id', 'body_id', 'via_subgroup', 'recorded_at'])
    .where('modification_id', 'in', ids)
    .execute();
  const requests = await db
    .selectFrom('view_request')
    .select(['modification_id', 'body_id'])
    .where('modification_id', 'in', ids)
    .execute();
  return modifications.flatMap((modification) => {
    const changed: ChangedDocument[] = documents
      .filter((row) => row.modification_id === modification.id)
      .map(changedDocumentOf);
    const recorded: ViewNotice[] = notices.flatMap((row) =>
      row.modification_id === modification.id && isSubCommittee(row.body_id)
        ? [
            {
              body: row.body_id,
              viaSubgroup: row.via_subgroup,
              recordedOn: londonDateOf(row.recorded_at.toISOString()),
            },
          ]
        : [],
    );
    const requested = requests
      .filter((row) => row.modification_id === modification.id)
      .map((row) => row.body_id)
      .filter(isSubCommittee);
    const unsought = unsoughtViews(requiredConsultations(changed, recorded), requested);
    return unsought.length === 0
      ? []
      : [
          {
            modificationId: modification.id,
            reference: modification.reference,
            title: modification.title,
            unsought,
          },
        ];
  });
}
