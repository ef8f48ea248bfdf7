/**
 * D10.18, D10.13(d)(e): the Testing Approach Document sets out how the requirements of
 * D10.13(d) (the testing the DCC undertakes) and D10.13(e) (the User testing required and the
 * DCC's support for it) will be satisfied. D10.13(d)(i) asks for the testing approach "to meet
 * requirements of each approved Modification Proposal within each SEC Release"; secrel reads
 * D10.18 as the operative rule (drafting point 3 on /rules), so one TAD per release states, for
 * each modification in the release, how each of (d) and (e) is met. PURE.
 */

/** The two limbs of D10.13 a TAD shows are met, per modification. */
export const TAD_LIMBS = [
  {
    letter: 'd',
    field: 'dccTesting',
    clause: 'D10.13(d)',
    heading: 'DCC testing (D10.13(d))',
    description: 'how the testing the DCC undertakes meets its requirements',
  },
  {
    letter: 'e',
    field: 'userTesting',
    clause: 'D10.13(e)',
    heading: 'User testing and the DCC’s support (D10.13(e))',
    description: 'the User testing required and the support the DCC gives it',
  },
] as const;

export type TadLimb = (typeof TAD_LIMBS)[number]['letter'];
export type TadLimbField = (typeof TAD_LIMBS)[number]['field'];

/** How one modification's testing meets D10.13(d) and (e): a statement per limb. */
export interface TadCondition {
  modificationId: number;
  /** D10.13(d): the DCC's testing. */
  dccTesting: string;
  /** D10.13(e): the User testing required and the DCC's support for it. */
  userTesting: string;
}

/** A modification in the release, as the TAD names it. */
export interface TadScopeModification {
  modificationId: number;
  reference: string;
  title: string;
}

/** A modification of the release whose statement is missing for one limb or both. */
export interface MissingCondition {
  modificationId: number;
  reference: string;
  limbs: TadLimb[];
}

export const MAX_CONDITION_LENGTH = 10_000;

/**
 * D10.18 with ruling 15: the modifications a TAD version covers are those of the release's
 * scope as its next RID version will carry it: every allocation not de-scoped and not a pending
 * removal (a pending addition is included). Each modification once (it may have several parts),
 * in reference order.
 */
export function tadScope(
  allocations: readonly {
    modificationId: number;
    reference: string;
    title: string;
    descopedAt: Date | null;
    pendingChange: 'addition' | 'removal' | null;
  }[],
): TadScopeModification[] {
  const byId = new Map<number, TadScopeModification>();
  for (const a of allocations)
    if (a.descopedAt === null && a.pendingChange !== 'removal' && !byId.has(a.modificationId))
      byId.set(a.modificationId, {
        modificationId: a.modificationId,
        reference: a.reference,
        title: a.title,
      });
  return [...byId.values()].sort((x, y) => x.reference.localeCompare(y.reference));
}

/**
 * D10.18, D10.13(d)(e): the modifications of the release whose statement of how (d) or (e) is
 * met is empty, with the limbs missing; empty when every modification has both.
 */
export function missingConditions(
  scope: readonly TadScopeModification[],
  conditions: readonly TadCondition[],
): MissingCondition[] {
  return scope.flatMap((m) => {
    const condition = conditions.find((c) => c.modificationId === m.modificationId);
    const limbs = TAD_LIMBS.filter((l) => (condition?.[l.field] ?? '').trim() === '').map(
      (l) => l.letter,
    );
    return limbs.length === 0
      ? []
      : [{ modificationId: m.modificationId, reference: m.reference, limbs }];
  });
}

/** The refusal message for missing statements: each modification with the limbs it lacks. */
export function missingConditionsMessage(
  versionNumber: number,
  act: 'submitted' | 'reviewed',
  missing: readonly MissingCondition[],
): string {
  const list = missing
    .map((m) => `${m.reference} (${m.limbs.map((l) => `D10.13(${l})`).join(' and ')})`)
    .join('; ');
  return `Version ${versionNumber} cannot be ${act}: it does not show how D10.13(d) and (e) are met for every modification in the release (D10.18). Missing: ${list}`;
}

/** A field at fault in the statements given, and what is wrong with it. */
export interface ConditionProblem {
  field: string;
  message: string;
}

/**
 * D10.18: the statements given for a draft: each for a modification in the release, each
 * modification once, each statement at most MAX_CONDITION_LENGTH characters (empty is allowed in
 * a draft; submission requires both).
 */
export function checkConditions(
  conditions: readonly TadCondition[],
  scope: readonly TadScopeModification[],
): ConditionProblem | null {
  const seen = new Set<number>();
  for (const [index, c] of conditions.entries()) {
    const field = `conditions.${index}`;
    if (!scope.some((m) => m.modificationId === c.modificationId))
      return {
        field,
        message: `Modification ${c.modificationId} is not in this release: state how D10.13(d) and (e) are met only for the release’s modifications`,
      };
    if (seen.has(c.modificationId))
      return { field, message: 'Give each modification’s statements once' };
    seen.add(c.modificationId);
    for (const limb of TAD_LIMBS)
      if (c[limb.field].length > MAX_CONDITION_LENGTH)
        return {
          field: `${field}.${limb.field}`,
          message: `Each statement must be at most ${MAX_CONDITION_LENGTH} characters`,
        };
  }
  return null;
}

/**
 * D10.18: the statements an edit leaves: those given replace the stored ones of the same
 * modification; the others are kept. Trimmed; in the order of the release's scope, then any
 * kept for a modification no longer in it.
 */
export function mergeConditions(
  stored: readonly TadCondition[],
  given: readonly TadCondition[],
  scope: readonly TadScopeModification[],
): TadCondition[] {
  const byId = new Map(stored.map((c) => [c.modificationId, c]));
  for (const c of given)
    byId.set(c.modificationId, {
      modificationId: c.modificationId,
      dccTesting: c.dccTesting.trim(),
      userTesting: c.userTesting.trim(),
    });
  const order = new Map(scope.map((m, i) => [m.modificationId, i]));
  return [...byId.values()].sort(
    (a, b) =>
      (order.get(a.modificationId) ?? Number.MAX_SAFE_INTEGER) -
        (order.get(b.modificationId) ?? Number.MAX_SAFE_INTEGER) ||
      a.modificationId - b.modificationId,
  );
}

/**
 * D10.20: an amendment starts from the statements of the version it copies, for the
 * modifications still in the release.
 */
export function carriedConditions(
  base: readonly TadCondition[],
  scope: readonly TadScopeModification[],
): TadCondition[] {
  return base.filter((c) => scope.some((m) => m.modificationId === c.modificationId));
}

/** A modification's statements as a page or the API shows them, with the limbs still missing. */
export interface ConditionRow extends TadScopeModification, TadCondition {
  /** Whether the modification is in the release now (statements may outlive a de-scoping). */
  inRelease: boolean;
  missing: TadLimb[];
}

/**
 * D10.18: one row per modification in the release (empty statements where none is given),
 * then one per stored statement of a modification no longer in it.
 */
export function conditionRows(
  scope: readonly TadScopeModification[],
  conditions: readonly TadCondition[],
  names: ReadonlyMap<number, { reference: string; title: string }> = new Map(),
): ConditionRow[] {
  const rowOf = (m: TadScopeModification, inRelease: boolean): ConditionRow => {
    const c = conditions.find((x) => x.modificationId === m.modificationId);
    const dccTesting = c?.dccTesting ?? '';
    const userTesting = c?.userTesting ?? '';
    const values = { dccTesting, userTesting };
    const missing = inRelease
      ? TAD_LIMBS.filter((l) => values[l.field].trim() === '').map((l) => l.letter)
      : [];
    return { ...m, dccTesting, userTesting, inRelease, missing };
  };
  const rows = scope.map((m) => rowOf(m, true));
  for (const c of conditions)
    if (!scope.some((m) => m.modificationId === c.modificationId)) {
      const name = names.get(c.modificationId);
      rows.push(
        rowOf(
          {
            modificationId: c.modificationId,
            reference: name?.reference ?? `Modification ${c.modificationId}`,
            title: name?.title ?? '',
          },
          false,
        ),
      );
    }
  return rows;
}

/** The statements as stored (JSON text or parsed jsonb), tolerating nothing but the shape. */
export function parseConditions(value: unknown): TadCondition[] {
  const data: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  if (!Array.isArray(data)) return [];
  return data.flatMap((item: unknown) => {
    if (typeof item !== 'object' || item === null) return [];
    const { modificationId, dccTesting, userTesting } = item as Record<string, unknown>;
    return typeof modificationId === 'number'
      ? [
          {
            modificationId,
            dccTesting: typeof dccTesting === 'string' ? dccTesting : '',
            userTesting: typeof userTesting === 'string' ? userTesting : '',
          },
        ]
      : [];
  });
}
