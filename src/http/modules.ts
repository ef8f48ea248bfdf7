import type { FastifyInstance } from 'fastify';
import { registerAuditPages } from '../modules/audit/audit.pages.ts';
import { registerAuditRoutes } from '../modules/audit/audit.routes.ts';
import { registerCalendarPages } from '../modules/calendar/calendar.pages.ts';
import { registerCalendarRoutes } from '../modules/calendar/calendar.routes.ts';
import { registerHomePages } from '../modules/home/home.pages.ts';
import { registerIdentityPages } from '../modules/identity/identity.pages.ts';
import { registerIdentityRoutes } from '../modules/identity/identity.routes.ts';
import { registerOutboxPages } from '../modules/notification/outbox.pages.ts';
import { registerOutboxRoutes } from '../modules/notification/outbox.routes.ts';
import { registerHealthRoute } from './health.ts';

/** Every module's routes and pages, mounted in one place. */
export async function registerModules(app: FastifyInstance): Promise<void> {
  const modules = [
    registerHealthRoute,
    registerIdentityRoutes,
    registerIdentityPages,
    registerHomePages,
    registerAuditRoutes,
    registerAuditPages,
    registerCalendarRoutes,
    registerCalendarPages,
    registerOutboxRoutes,
    registerOutboxPages,
  ];
  for (const register of modules) await register(app);
}
