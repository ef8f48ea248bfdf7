/**
 * Ruling 19: the readings secrel applies where the Code's text is silent, and the drafting points
 * found in the legal text, as data. The public page `/rules` and `GET /api/v1/rules` show them;
 * a page that applies a ruling links to `/rules#ruling-N` instead of wording it as the Code.
 *
 * Quotations are the Code's text as SECMP0061 leaves it (its insertions kept, its deletions left
 * out), from the draft legal text of SECMP0061 "Enduring SEC Release Provisions". PURE data.
 */

/** A passage of the legal text, quoted. */
export interface Quotation {
  /** The clause, e.g. `D10.17` or `D10.13(d)(i)`. */
  clause: string;
  /** The words of the clause (or of the part that matters). */
  text: string;
}

/** One reading secrel applies where the text is silent (obligations: rulings 1–19). */
export interface Ruling {
  number: number;
  /** The anchor of the ruling on `/rules`: `ruling-N`. */
  anchor: string;
  title: string;
  /** The clauses the ruling applies to, e.g. `['D10.17']`. */
  clauses: readonly string[];
  /** The text it applies to; empty when no clause speaks to it. */
  quotations: readonly Quotation[];
  /** The reading secrel applies. */
  reading: string;
  /** The reading secrel does not apply, and could have. */
  otherReading: string;
  /** Where secrel applies it. */
  appliedIn: readonly string[];
}

/** A point of drafting in the legal text: what it says, what is wrong, how secrel reads it. */
export interface DraftingPoint {
  /** The anchor on `/rules`: `drafting-N`. */
  anchor: string;
  title: string;
  clauses: readonly string[];
  quotations: readonly Quotation[];
  point: string;
  reading: string;
}

/** Where the quotations come from. */
export const LEGAL_TEXT_SOURCE =
  'Draft legal text of SECMP0061 “Enduring SEC Release Provisions”, drafted against SEC version 5.21 (Section A1.1, D6.8 and D10), read as the modification leaves it: insertions kept, deletions left out.';

/** `ruling-N`: the anchor of ruling `n` on the rules page. */
export const rulingAnchor = (n: number): string => `ruling-${n}`;

/** `/rules#ruling-N`: where a page that applies ruling `n` links to. */
export const rulingHref = (n: number): string => `/rules#${rulingAnchor(n)}`;

const D10_17_WINDOW: Quotation = {
  clause: 'D10.17',
  text: 'Any Party that wishes to appeal the Panel approval of the SEC Release Implementation Document, may do so within 10 Working Days following the publication of the decision to approve.',
};

const D10_15: Quotation = {
  clause: 'D10.15',
  text: 'The Panel shall approve the SEC Release Implementation Document and any subsequent amendments. The Release Implementation Document cannot be further updated after the periods of notice defined in the Panel Release Management Policy (in accordance with Section D10.8(d)).',
};

const D10_2: Quotation = {
  clause: 'D10.2',
  text: 'The Panel shall, at the next Panel meeting after a Modification Proposal has been approved: (m) determine what actions are required in order to ensure that the approved variation to this Code is made in accordance with the approved implementation timetable; and (n) set a timetable for the completion of each of those actions.',
};

const D10_8_C: Quotation = {
  clause: 'D10.8(c)',
  text: 'The Panel shall ensure that the SEC Release Management Policy: … (c) defines a mechanism by which notice is to be given to the Users prior to the implementation of a SEC Release;',
};

const D10_8_D: Quotation = {
  clause: 'D10.8(d)',
  text: '(d) defines a mechanism by which the Panel shall review the main components of the forecast and actual costs of a SEC Release and, if requested by the Authority, how the Panel shall provide a report on this to the Authority; and',
};

const D10_9: Quotation = {
  clause: 'D10.9',
  text: 'The Panel shall make the SEC Release Management Policy available to the DCC and Users on the SEC Website. The Panel shall consult with the DCC and Users before it first establishes the SEC Release Management Policy, and before it makes any changes to the SEC Release Management Policy.',
};

const D10_13_D: Quotation = {
  clause: 'D10.13(d)',
  text: '(d) defines the testing that will be undertaken by the DCC for the SEC Release; (i) To help define the DCC testing, the DCC, on request of the Panel, shall produce a document setting out the testing approach to meet requirements of each approved Modification Proposal within each SEC Release;',
};

const D10_18: Quotation = {
  clause: 'D10.18',
  text: 'The DCC, on request of the Panel, shall produce a document setting out how the requirements of Sections D10.13(d) and (e) will be satisfied (the “SEC Release Testing Approach Document”). A SEC Release Testing Approach Document shall be considered a part of the SEC Release Implementation Document for the relevant SEC Release.',
};

const D10_5_B: Quotation = {
  clause: 'D10.5(b)',
  text: 'where the Authority makes such a direction following a request by the Panel, the implementation timetable directed by the Authority shall have effect in substitution for the first such timetable, and the requirements of this Section D10 shall be defined by relation to that later date.',
};

const ruling = (r: Omit<Ruling, 'anchor'>): Ruling => ({ ...r, anchor: rulingAnchor(r.number) });

/** The rulings, in their order in the obligations (1–19). */
export const RULINGS: readonly Ruling[] = [
  ruling({
    number: 1,
    title: 'The appeal window',
    clauses: ['D10.17'],
    quotations: [D10_17_WINDOW],
    reading:
      'Day 1 is the first Working Day after the day the approval is published on the public site (not the day of the Panel meeting); the window closes at 23:59:59 UK time on day 10. Each approved amendment of a RID opens its own window.',
    otherReading:
      'Count from the Panel’s decision at its meeting, or count the day of publication itself as day 1 when it is a Working Day; or open one window for the RID as first approved and none for its amendments.',
    appliedIn: [
      'Lodging an appeal: refused after the deadline, which the appeal and RID pages show in words.',
      'The RID pages: the appeal deadline of each published approval.',
    ],
  }),
  ruling({
    number: 2,
    title: 'An appeal does not suspend the release',
    clauses: ['D10.17'],
    quotations: [
      {
        clause: 'D10.17',
        text: 'The Authority shall determine what action to take with the appeal (which determination shall, without prejudice to section 173 of the Energy Act 2004, be final and binding for the purposes of this Code).',
      },
    ],
    reading:
      'An appeal does not by itself suspend the RID or the release: work goes on under the approved RID. The Authority’s determination is recorded and may direct action (for example an amendment of the RID or a new timetable).',
    otherReading:
      'A lodged appeal stays the approval it is against (and so the release) until the Authority determines it.',
    appliedIn: ['The appeal pages and the e-mail telling the Authority of an appeal.'],
  }),
  ruling({
    number: 3,
    title: 'The “next Panel meeting”',
    clauses: ['D10.2'],
    quotations: [D10_2],
    reading:
      'The first ordinary or extraordinary Panel meeting held on a later day than the approval. If its papers (due 5 Working Days before it) were already issued, the item is flagged “late paper” but stays on that meeting.',
    otherReading:
      'The first meeting whose papers are still open, so that a late approval goes to the meeting after; or ordinary meetings only; or a meeting held later on the day of the approval.',
    appliedIn: ['Placing an approved modification on a Panel meeting’s agenda.'],
  }),
  ruling({
    number: 4,
    title: 'The approval date',
    clauses: ['D10.1', 'D10.2'],
    quotations: [
      {
        clause: 'D10.1',
        text: 'Once a Modification Proposal has been approved in accordance with Section D9 (Modification Proposal Decision) or an Authority-Led Variations has been approved in accordance with Section D9A.11 (Authority Decision), the Panel shall ensure that this Code is varied in accordance with the Modification Proposal or Authority-Led Variation, as set out in this Section D10.',
      },
    ],
    reading:
      'A modification is approved on the date of the Authority’s decision for Path 1 and Path 2 modifications and Authority-Led Variations, and on the date of the Change Board’s decision for Path 3 and Fast-Track modifications.',
    otherReading:
      'The date the decision is published or notified to the Panel, or (for Path 2) the Change Board’s recommendation.',
    appliedIn: ['Decisions on modifications, and the “next Panel meeting” that follows them.'],
  }),
  ruling({
    number: 5,
    title: 'The RID freeze',
    clauses: ['D10.15'],
    quotations: [D10_15],
    reading:
      'The RID is frozen from the start of the notice period: the go-live date less the notice period that the Policy version governing the release sets for its release type (data in the Policy). The Panel may override the freeze only by a recorded decision with its reasons, shown on the RID; one amendment then uses it.',
    otherReading:
      '“After the periods of notice” read as after they end (that is, from go-live), so that the RID could change during the notice period; or no override at all.',
    appliedIn: [
      'The RID pages and the release page: the freeze date, and changes refused from it as frozen.',
      'The Panel’s overrides of the freeze, on the RID page.',
    ],
  }),
  ruling({
    number: 6,
    title: 'Every approved modification goes into a release',
    clauses: ['D10.7', 'A-REL'],
    quotations: [
      {
        clause: 'D10.7',
        text: 'The implementation of an approved Modification Proposal will take place as part of a SEC Release. The Panel shall ensure that the implementation of a SEC Release is undertaken in accordance with a policy determined by the Panel (the “SEC Release Management Policy”).',
      },
    ],
    reading:
      'Every approved modification is allocated to a release. Releases are standard (February, June and November, going live on a Thursday by default) or ad hoc (for example an Authority-Led Variation on its own date). A modification may be split into parts delivered in different releases: allocation is of parts.',
    otherReading:
      'Only a modification that needs Release Management by the DCC or Users goes into a release (the words the modification deletes); or a modification goes whole into one release.',
    appliedIn: ['Allocation, and the unallocated modifications on the Panel’s home pages.'],
  }),
  ruling({
    number: 7,
    title: 'The Policy holds the release rules as data',
    clauses: ['D10.8'],
    quotations: [
      {
        clause: 'D10.8(a)',
        text: 'The Panel shall ensure that the SEC Release Management Policy: (a) includes a mechanism for allocating Modification Proposals into SEC Releases;',
      },
      D10_8_C,
    ],
    reading:
      'Release types, notice periods, scope-baseline points (by default DCC-impacting scope fixed about 12 months before go-live, full scope about 6 months before), an optional change freeze and the late-addition exception route are data in the Policy, not code.',
    otherReading:
      'The Policy is a prose document that secrel only stores, with the periods fixed in the software.',
    appliedIn: ['The Policy pages, and every rule that reads a period or a release type from it.'],
  }),
  ruling({
    number: 8,
    title: 'When the Testing Approach Document takes effect',
    clauses: ['D10.18', 'D10.20'],
    quotations: [
      D10_18,
      {
        clause: 'D10.20',
        text: 'The DCC shall prepare and consult upon each SEC Release Testing Approach Document and any subsequent amendments. The Panel shall review each SEC Release Testing Approach Document and any subsequent amendments.',
      },
    ],
    reading:
      'The TAD is optional for each release: the Panel’s request creates it. A version takes effect as part of the RID version that the Panel approves next; its DCC consultation must be closed, and the Panel’s review recorded, first.',
    otherReading:
      'Every release has a TAD; or a TAD version takes effect when the Panel reviews it, without a RID approval.',
    appliedIn: ['The TAD pages, and the TAD shown inside a RID version.'],
  }),
  ruling({
    number: 9,
    title: 'Who release notices go to',
    clauses: ['D10.8(c)'],
    quotations: [D10_8_C],
    reading:
      'Notices of a release go to all Parties; Users are the mandatory recipients and are flagged as such.',
    otherReading: 'Notices go to Users only.',
    appliedIn: ['Release notices.'],
  }),
  ruling({
    number: 10,
    title: 'The go-live decision',
    clauses: ['D10.8(e)', 'D10.13(f)', 'D10.5'],
    quotations: [
      {
        clause: 'D10.8(e)',
        text: '(e) defines a mechanism by which the Panel shall determine that the SEC Release shall be put into live operation.',
      },
      {
        clause: 'D10.13(f)',
        text: '(f) defines the SEC Release go-live criteria that shall be agreed by the Panel in accordance with the SEC Release Management Policy.',
      },
    ],
    reading:
      'The Panel’s go-live decision records each criterion of the approved RID as met or not met, with evidence, and an outcome: go live, go live with conditions, or defer. A deferral past the approved implementation date needs a D10.5 request to the Authority.',
    otherReading:
      'One yes-or-no decision, with the criteria as background; a deferral is the Panel’s alone.',
    appliedIn: ['The go-live decision of a release.'],
  }),
  ruling({
    number: 11,
    title: 'Costs and the report to the Authority',
    clauses: ['D10.8(d)'],
    quotations: [D10_8_D],
    reading:
      'Forecast cost lines for each main component from the scope baseline, actuals after go-live; the Panel’s review is recorded, and the report to the Authority is produced when it asks.',
    otherReading: 'Costs are gathered only when the Authority asks for a report.',
    appliedIn: ['The costs of a release and the Authority’s report.'],
  }),
  ruling({
    number: 12,
    title: 'Modification references',
    clauses: ['Section D'],
    quotations: [
      {
        clause: 'SECMP0061, section 1',
        text: 'This section sets out the draft Legal Text Changes for SECMP0061. These changes have been drafted against the Smart Energy Code (SEC) version 5.21 incorporating the changes to Section D10 being introduced under SECMP0008 ‘Provision of a DCC Alert (formerly Service Request Error Response) for Quarantined Service Requests’.',
      },
    ],
    reading:
      'Modification references keep the forms they have in the real register: SECMP0061, MP200, MP102A (an alternative), DP090 (a draft proposal).',
    otherReading: 'One numbering of secrel’s own, with the real reference kept as a note.',
    appliedIn: ['The register of modifications.'],
  }),
  ruling({
    number: 13,
    title: 'The cut-over: history and live acts',
    clauses: ['D10.2', 'D10.9', 'D10.15'],
    quotations: [D10_9, D10_2],
    reading:
      'Each installation has a cut-over date. Before it, history is recorded as such (“held outside secrel”, with the published document attached), flagged on pages and in the API, and satisfies the Code’s conditions only for acts that are also before the cut-over. A Change Board or Authority decision, a RID approval or a release’s going live dated before the cut-over is history whichever way it reaches secrel: its live route records it only with its published source, and flags it. From the cut-over on, acts happen live: a consultation opens now or later; an ordinary Panel meeting is scheduled before its papers date; an extraordinary meeting is called by the Panel Chair; no meeting is created with a date in the past; a Panel decision is recorded at most 5 Working Days (configurable) after the meeting that took it. The window is the installation’s (default 5 Working Days, set with `secrel record-window set`); each meeting stores its last record day when it is created (ruling 18), so a bank holiday added later, or a changed window, does not shorten it: a change applies to meetings created after it.',
    otherReading:
      'Any date may be entered for any act, so that past consultations and meetings count whenever they are recorded; or history before the system cannot be recorded at all.',
    appliedIn: [
      'Consultations, Panel meetings and the Panel’s decisions recorded against them; records held outside secrel, imported or through a live route with their published source.',
    ],
  }),
  ruling({
    number: 14,
    title: 'Which Policy version governs',
    clauses: ['A-POL', 'D10.7', 'D10.9'],
    quotations: [
      {
        clause: 'A1.1',
        text: 'SEC Release Management Policy means the document established under Section D10.7 (SEC Release Management Policy) and which contains the information listed in Section D10.8.',
      },
      D10_9,
    ],
    reading:
      'Each act is judged under the Policy version in force when it happens. A release’s milestones follow the version in force until its freeze starts; then they are fixed. When a new version takes effect, the milestones it moves are listed for the Panel and recorded in the audit trail.',
    otherReading:
      'A release is governed for ever by the version in force when it was created; or every release follows the version in force today, back to its start.',
    appliedIn: ['Release milestones and the freeze date; the Policy pages.'],
  }),
  ruling({
    number: 15,
    title: 'Release content after the RID is approved',
    clauses: ['D10.13(a)', 'D10.15'],
    quotations: [
      {
        clause: 'D10.13(a)',
        text: 'The Panel shall ensure that each SEC Release Implementation Document: (a) defines the content of the SEC Release;',
      },
      D10_15,
    ],
    reading:
      'The approved RID fixes the release’s content. Allocation changes after approval are pending until a RID amendment carrying them is approved; from the freeze they are refused unless the Panel recorded an override. Go-live implements exactly the approved RID’s content and refuses a release with none.',
    otherReading:
      'An allocation changes the release at once and the RID catches up at its next amendment.',
    appliedIn: ['Allocation and de-scoping, the release page and the go-live decision.'],
  }),
  ruling({
    number: 16,
    title: 'Release status follows the facts',
    clauses: ['D10.8(b)', 'D10.16'],
    quotations: [
      {
        clause: 'D10.8(b)',
        text: '(b) defines a mechanism by which the Panel shall co-ordinate and oversee the content and delivery of a SEC Release;',
      },
      {
        clause: 'D10.16',
        text: 'The DCC shall be required to undertake the implementation and testing activities for a SEC Release as set out in the relevant SEC Release Implementation Document once approved by the Panel.',
      },
    ],
    reading:
      'A release is “RID approved” when a RID version is approved, “In test” when DCC system integration testing starts, and “Live” by the go-live decision. Only deferral and cancellation are set by hand, as recorded Panel decisions with reasons.',
    otherReading: 'SECAS sets the status of a release by hand as work progresses.',
    appliedIn: ['The release pages and their status.'],
  }),
  ruling({
    number: 17,
    title: 'Dates in step with the Authority',
    clauses: ['D10.3', 'D10.5(b)'],
    quotations: [
      {
        clause: 'D10.3',
        text: 'It shall be the duty of the Panel to ensure that the actions which are required to secure that an approved variation to this Code is made in accordance with the approved implementation timetable are taken.',
      },
      D10_5_B,
    ],
    reading:
      'Allocating, re-allocating or deferring a modification to a release that goes live after its current implementation date needs a recorded D10.5 request to the Authority first; a release earlier than a date the Authority directed is refused. When a direction replaces a date, the allocations it leaves out of step are flagged to SECAS and the Panel.',
    otherReading:
      'A release may be chosen freely and the implementation date is only compared at go-live.',
    appliedIn: ['Allocation, deferral and the Authority’s directions.'],
  }),
  ruling({
    number: 18,
    title: 'One Working-Day rule',
    clauses: ['D10.17', 'A1.1'],
    quotations: [D10_17_WINDOW],
    reading:
      'Every “within N Working Days following X” counts day 1 as the first Working Day after the calendar day of X, whatever day X falls on, and ends at 23:59:59 UK time on day N (ruling 1 is one case). The deadline is computed when X happens and stored: a later change of the calendar does not shorten an open period.',
    otherReading:
      'When X falls on a weekend or bank holiday, move X to the next Working Day first and count from there (one day later); and compute each deadline afresh from the calendar as it stands.',
    appliedIn: ['Every deadline in Working Days, and the calendar page.'],
  }),
  ruling({
    number: 19,
    title: 'Readings are shown, not hidden',
    clauses: [],
    quotations: [],
    reading:
      'This page lists each ruling with the clause text, the reading secrel applies, the other reading and the drafting points of the legal text. A page that applies a ruling says so in a short note linking here, and never words a ruling as if it were the Code’s text.',
    otherReading: 'The readings are built into the software and worded as if they were the Code.',
    appliedIn: ['The appeal, RID and TAD pages, which link here where they apply a ruling.'],
  }),
];

/** The drafting points of the legal text (obligations: “Drafting points found in the seed”). */
export const DRAFTING_POINTS: readonly DraftingPoint[] = [
  {
    anchor: 'drafting-1',
    title: 'D10.15 refers to D10.8(d) for the notice periods',
    clauses: ['D10.15', 'D10.8(c)', 'D10.8(d)'],
    quotations: [D10_15, D10_8_C, D10_8_D],
    point:
      'D10.8 is re-lettered by the modification: notice to Users is now (c), and (d) is costs. D10.15 still points to (d), which now speaks of costs, not notice.',
    reading:
      'secrel follows the intent: the periods of notice of D10.8(c) start the RID freeze (ruling 5).',
  },
  {
    anchor: 'drafting-2',
    title: 'D10.2’s items are lettered (m) and (n)',
    clauses: ['D10.2'],
    quotations: [D10_2],
    point:
      'The two items of D10.2 carry the letters (m) and (n), continuing the list (a)–(l) of D6.8, although they begin a list of their own.',
    reading: 'secrel reads them as D10.2(a) and (b).',
  },
  {
    anchor: 'drafting-3',
    title: 'D10.13(d)(i) and D10.18 both ask for the DCC’s testing approach',
    clauses: ['D10.13(d)(i)', 'D10.18'],
    quotations: [D10_13_D, D10_18],
    point:
      'Both clauses require the DCC, on the Panel’s request, to produce a document setting out its testing approach: D10.13(d)(i) per approved modification, D10.18 for the requirements of D10.13(d) and (e).',
    reading:
      'secrel treats D10.18 as the operative rule: the Panel’s request creates one Testing Approach Document per release, which shows how D10.13(d) and (e) are met for each modification in the release.',
  },
  {
    anchor: 'drafting-4',
    title: 'The “Panel Release Management Policy” left over in D10.15',
    clauses: ['D10.15', 'A1.1'],
    quotations: [
      D10_15,
      {
        clause: 'A1.1',
        text: 'SEC Release Management Policy means the document established under Section D10.7 (SEC Release Management Policy) and which contains the information listed in Section D10.8.',
      },
    ],
    point:
      'The modification renames the “Panel Release Management Policy” as the “SEC Release Management Policy” (in Section A1.1, D6.8(c) and D10.7 to D10.12), but D10.15 keeps the old name, which is then defined nowhere.',
    reading:
      'secrel reads it as the SEC Release Management Policy: there is one Policy, and the version that governs the release applies (ruling 14).',
  },
];
