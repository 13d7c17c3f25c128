// Message lookup (app/i18n/index.ts): full keys per locale, placeholders, and the fallbacks for
// keys a catalogue does not have.
import { describe, expect, it } from "vitest";
import { isMessageKey, translate, translator } from "../../app/i18n";

describe("translate", () => {
  it("finds a message by its full key in each language", () => {
    expect(translate("en", "members.directory.title")).toBe("Member directory");
    expect(translate("zh-CN", "members.directory.title")).toBe("会员名录");
    expect(translator("zh-CN")("errors.required")).not.toBe("errors.required");
  });

  it("fills placeholders and leaves unknown ones as written", () => {
    expect(translate("en", "members.directory.count", { count: 42 })).toBe("42 organisations found");
    expect(translate("zh-CN", "members.directory.count", { count: 3 })).toBe("共找到 3 家单位");
    expect(translate("en", "members.directory.count", {})).toBe("{count} organisations found");
  });

  it("answers an unknown key, or the key of a whole area, with the key itself", () => {
    expect(translate("en", "members.directory.nope")).toBe("members.directory.nope");
    expect(translate("zh-CN", "members.directory")).toBe("members.directory");
    expect(translate("en", "constructor")).toBe("constructor");
    expect(translate("en", "members..title")).toBe("members..title");
  });

  it("tells message keys from other strings", () => {
    expect(isMessageKey("errors.required")).toBe(true);
    expect(isMessageKey("errors")).toBe(false);
    expect(isMessageKey("Some server text.")).toBe(false);
  });
});
