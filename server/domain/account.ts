// A person's account and their organisation's people: sessions on other devices, password change,
// invitations, colleagues' roles and removal. Authorization lives here.
import type { DomainContext } from "../services.js";

export const accountDomain = {} satisfies Record<string, (ctx: DomainContext, ...args: never[]) => unknown>;
