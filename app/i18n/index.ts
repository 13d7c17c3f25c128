// Translations. Each area has an English catalogue (the reference) and a zh-CN one that tsc checks
// against it, so a missing key is a type error. Add an area: one file per language, one line below.
import enAccount from "./en/account";
import enAuth from "./en/auth";
import enChannelDirectory from "./en/channel-directory";
import enChannels from "./en/channels";
import enCommon from "./en/common";
import enErrors from "./en/errors";
import enMembers from "./en/members";
import enNotifications from "./en/notifications";
import enMessaging from "./en/messaging";
import enSourcing from "./en/sourcing";
import zhAccount from "./zh-CN/account";
import zhAuth from "./zh-CN/auth";
import zhChannelDirectory from "./zh-CN/channel-directory";
import zhChannels from "./zh-CN/channels";
import zhCommon from "./zh-CN/common";
import zhErrors from "./zh-CN/errors";
import zhMembers from "./zh-CN/members";
import zhNotifications from "./zh-CN/notifications";
import zhMessaging from "./zh-CN/messaging";
import zhSourcing from "./zh-CN/sourcing";
import type { KeyPath } from "./types";

const en = { common: enCommon, errors: enErrors, auth: enAuth, members: enMembers, account: enAccount, channels: enChannels, channelDirectory: enChannelDirectory, notifications: enNotifications, messaging: enMessaging, sourcing: enSourcing };
const zhCN = { common: zhCommon, errors: zhErrors, auth: zhAuth, members: zhMembers, account: zhAccount, channels: zhChannels, channelDirectory: zhChannelDirectory, notifications: zhNotifications, messaging: zhMessaging, sourcing: zhSourcing };

export const catalogs = { en, "zh-CN": zhCN } as const;
export type Locale = keyof typeof catalogs;
export const LOCALES = Object.keys(catalogs) as Locale[];
export type MessageKey = KeyPath<typeof en>;
export type TranslateVars = Record<string, string | number>;
export type Translate = (key: MessageKey | (string & {}), vars?: TranslateVars) => string;

// Every message under its full key ("members.directory.title"), per locale, made on first use: a
// lookup is then one Map get instead of a split and a walk down the catalogue (lookups were about
// 1 % of a signed-in page's server CPU, dozens of them per page).
const flatCatalogs = new Map<Locale, Map<string, string>>();

function flatten(node: object, prefix: string, into: Map<string, string>) {
  for (const [name, value] of Object.entries(node)) {
    const key = prefix ? `${prefix}.${name}` : name;
    if (typeof value === "string") into.set(key, value);
    else if (value !== null && typeof value === "object") flatten(value as object, key, into);
  }
}

function lookup(locale: Locale, key: string): string | undefined {
  let messages = flatCatalogs.get(locale);
  if (!messages) {
    messages = new Map();
    flatten(catalogs[locale], "", messages);
    flatCatalogs.set(locale, messages);
  }
  return messages.get(key);
}

/**
 * Translates a key; `{name}` placeholders are replaced from `vars`. Unknown keys (for example a
 * message from an older server) fall back to English, then to the key itself.
 */
export function translate(locale: Locale, key: string, vars?: TranslateVars): string {
  const text = lookup(locale, key) ?? lookup("en", key) ?? key;
  return vars ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m)) : text;
}

export function translator(locale: Locale): Translate {
  return (key, vars) => translate(locale, key, vars);
}

/** Domain error keys look like "errors.required"; they live in the errors area. */
export function isMessageKey(key: string): boolean {
  return lookup("en", key) !== undefined;
}
