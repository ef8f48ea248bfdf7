import type { SecrelApp } from '../../src/http/app.ts';
import {
  bearer,
  createTestApp,
  givenOrganisation,
  givenUser,
  TEST_PASSWORD,
  type TestApp,
  type TestUser,
} from '../support/test-app.ts';
import type { Engine } from '../../src/db/database.ts';

/** 09:00 UK time on Wed 9 June 2021, the day the consultation opens. */
export const OPENING_DAY = new Date('2021-06-09T08:00:00Z');
/** 23:59:59 UK time on Wed 23 June 2021: the end of the 10th Working Day after 9 June. */
export const CLOSE = '2021-06-23T22:59:59.000Z';

export interface ConsultationWorld {
  t: TestApp;
  secas: TestUser;
  chair: TestUser;
  panelMember: TestUser;
  authority: TestUser;
  dcc: TestUser;
  userParty: TestUser;
  nonUserParty: TestUser;
  otherParty: TestUser;
}

/** The app, the organisations (the DCC, two User Parties, one Party that is not a User) and people. */
export async function givenConsultationWorld(engine: Engine): Promise<ConsultationWorld> {
  const t = await createTestApp(engine);
  t.clock.set(OPENING_DAY.toISOString());
  const dccOrg = await givenOrganisation(t.ctx, 'Smart DCC Ltd', 'dcc', null, false);
  const userOrg = await givenOrganisation(t.ctx, 'Northwind Energy plc');
  const otherOrg = await givenOrganisation(t.ctx, 'Albion Power Ltd');
  const nonUserOrg = await givenOrganisation(
    t.ctx,
    'Greenfield Energy Insights Ltd',
    'party',
    'other_sec_party',
    false,
  );
  const authorityOrg = await givenOrganisation(t.ctx, 'Ofgem', 'authority', null, false);
  return {
    t,
    secas: await givenUser(t.ctx, 'code_administrator'),
    chair: await givenUser(t.ctx, 'panel_chair'),
    panelMember: await givenUser(t.ctx, 'panel_member'),
    authority: await givenUser(t.ctx, 'authority', { organisationId: authorityOrg }),
    dcc: await givenUser(t.ctx, 'dcc', { organisationId: dccOrg }),
    userParty: await givenUser(t.ctx, 'party', { organisationId: userOrg }),
    nonUserParty: await givenUser(t.ctx, 'party', { organisationId: nonUserOrg }),
    otherParty: await givenUser(t.ctx, 'party', { organisationId: otherOrg }),
  };
}

/**
 * The DCC-and-Users consultation of the tests: opens 9 June 2021, closes 10 Working Days later.
 * A general consultation (subject `other`): a Policy version is consulted on only through the
 * Policy's own route (D10.9), so the generic route refuses `policy_version`.
 */
export const DCC_AND_USERS = {
  subjectType: 'other',
  subjectId: 'notice-periods',
  title: 'Notice periods of SEC Releases',
  description: 'Changes to the notice periods.',
  audiences: ['dcc', 'users'],
  questions: ['Do you agree with the notice periods?', 'Any other comments?'],
  opensAt: '2021-06-09',
  closesAfterWorkingDays: 10,
};

export async function openDccAndUsers(world: ConsultationWorld, body: object = DCC_AND_USERS) {
  const response = await world.t.app.inject({
    method: 'POST',
    url: '/api/v1/consultations',
    headers: bearer(world.secas),
    payload: body,
  });
  return response;
}

/** A response as the consultation API returns it. */
export interface ResponseJson {
  id: number;
  organisation: string;
  confidential: boolean;
  submittedAt: string;
  attachments: { id: number; filename: string }[];
}

/**
 * The calls and reads the consultation tests make on the world `world()` returns (read when
 * called, so the world can be made in `beforeAll`).
 */
export function consultationCalls(world: () => ConsultationWorld) {
  const as = (
    user: TestUser | null,
    method: 'GET' | 'POST' | 'PUT' | 'PATCH',
    url: string,
    payload?: object,
  ) =>
    world().t.app.inject({
      method,
      url,
      headers: user ? bearer(user) : {},
      ...(payload ? { payload } : {}),
    });
  const db = () => world().t.ctx.db;
  const responses = () =>
    db().selectFrom('consultation_response').selectAll().orderBy('id').execute();
  const audit = (action: string) =>
    db()
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', action)
      .orderBy('seq')
      .execute();
  const answer = (text: string) => ({ answers: [{ questionId: 'q1', text }], confidential: false });
  return { as, db, responses, audit, answer };
}

/** A multipart/form-data body built by hand, as a browser would send it. */
export function multipart(
  fields: Record<string, string>,
  files: { filename: string; content: string | Uint8Array; type?: string }[],
  field = 'file',
) {
  const boundary = `----secrel${Math.random().toString(16).slice(2)}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    );
  }
  for (const file of files) {
    chunks.push(
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="${file.filename}"\r\nContent-Type: ${file.type ?? 'application/octet-stream'}\r\n\r\n`,
      ),
      Buffer.from(file.content),
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return {
    payload: Buffer.concat(chunks),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/** Signs in through the pages and returns the cookie header and a CSRF token for forms. */
export async function signedInCookies(
  app: SecrelApp,
  email: string,
): Promise<{ cookie: string; csrf: (html: string) => string }> {
  const jar = new Map<string, string>();
  const keep = (header: string | string[] | undefined) => {
    for (const line of [header ?? []].flat()) {
      const pair = line.split(';')[0] ?? '';
      const at = pair.indexOf('=');
      if (at > 0) jar.set(pair.slice(0, at), pair.slice(at + 1));
    }
  };
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const form = await app.inject({ method: 'GET', url: '/sign-in' });
  keep(form.headers['set-cookie']);
  const token = /name="_csrf" value="([^"]+)"/.exec(form.body)?.[1] ?? '';
  const signedIn = await app.inject({
    method: 'POST',
    url: '/sign-in',
    headers: { cookie: cookie(), 'content-type': 'application/x-www-form-urlencoded' },
    payload: new URLSearchParams({ _csrf: token, email, password: TEST_PASSWORD }).toString(),
  });
  keep(signedIn.headers['set-cookie']);
  return {
    cookie: cookie(),
    csrf: (html) => /name="_csrf" value="([^"]+)"/.exec(html)?.[1] ?? '',
  };
}
