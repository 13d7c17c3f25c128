// What the account routes' actions return, readable by the browser bundle too.
import type { ActionErrors } from "../../lib/forms.server";

export type ActionDone = { ok: true; intent: string; message: string; vars?: Record<string, string | number> };

/** The intent a failed post came from, so the page shows the errors on the right form. */
export function failedIntent(result: ActionDone | ActionErrors | undefined): string | undefined {
  if (!result || result.ok) return undefined;
  const intent = result.values.intent;
  return typeof intent === "string" ? intent : undefined;
}
