// Every kind the domain can write reads as a real sentence with its facts filled in, in both
// languages: a kind the catalogue forgot would silently fall back to the generic sentence.
import { describe, expect, it } from "vitest";
import { describeNotification } from "../../app/components/notifications/describe";
import { LOCALES, translator } from "../../app/i18n";
import { NOTIFICATION_KINDS } from "../../server/domain/notifications";

const ids = { requestId: "0b6c1a52-7d1e-4c43-9f62-3a1f0e2b9c11", conversationId: "5d3c2b1a-0f9e-4d8c-8b7a-6a5b4c3d2e1f", organizationId: "9e8d7c6b-5a49-4382-9716-a5b4c3d2e1f0" };

describe("notification sentences", () => {
  for (const locale of LOCALES) {
    it(`has a sentence for every notification kind in ${locale}`, () => {
      const t = translator(locale);
      const generic = t("notifications.kinds.unknown");
      for (const kind of NOTIFICATION_KINDS) {
        const { sentence } = describeNotification({ id: "n", kind, data: { ...ids, units: 20, channelName: "Almaty service network", senderName: "Li Wei", excerpt: "see the new terms", category: "BATTERY_EDRIVE", organizationName: "Twin Rivers Motors" }, createdAt: "2026-11-27T00:00:00Z", readAt: null }, t, locale);
        expect(sentence, kind).not.toBe(generic);
        expect(sentence, kind).not.toMatch(/\{\w+\}/);
        if (kind.startsWith("sourcing.")) expect(sentence, kind).toContain(t("sourcing.categories.BATTERY_EDRIVE"));
      }
    });
  }

  it("links a mention to its conversation", () => {
    const t = translator("en");
    const view = describeNotification({ id: "n", kind: "message.mentioned", data: { conversationId: ids.conversationId, senderName: "Li Wei", excerpt: "@Anna please confirm" }, createdAt: "2026-11-27T00:00:00Z", readAt: null }, t, "en");
    expect(view.href).toBe(`/messages/${ids.conversationId}`);
    expect(view.sentence).toContain("Li Wei");
    expect(view.sentence).toContain("@Anna please confirm");
  });
});
