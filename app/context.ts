// What every loader and action receives from the Express server (server/http/app.ts).
import type { CurrentUser } from "../server/auth/index";
import type { Services } from "../server/services";
import type { Locale } from "./i18n";

declare module "@remix-run/node" {
  interface AppLoadContext {
    services: Services;
    user: CurrentUser | null;
    sessionId: string | null;
    locale: Locale;
    cspNonce: string;
    requestId: string;
    clientIp: string;
    userAgent: string;
    /**
     * Set by app/entry.server.tsx: the document's Response and its finished (compressed) body, so
     * the Express handler can write the bytes without reading the Response's stream
     * (server/http/remix.ts).
     */
    renderedDocument?: { response: Response; body: Uint8Array };
  }
}

declare module "@remix-run/server-runtime" {
  interface Future {
    v3_singleFetch: true;
  }
}

export {};
