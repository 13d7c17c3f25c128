// Shows a link once, ready to copy. Without JavaScript the read-only field can be selected and
// copied by hand; with JavaScript a copy button appears.
import { useEffect, useState } from "react";
import { useT } from "../../lib/i18n";

export function CopyLink({ id, label, hint, value }: { id: string; label: string; hint: string; value: string }) {
  const t = useT();
  const [hydrated, setHydrated] = useState(false);
  const [copied, setCopied] = useState(false);
  useEffect(() => setHydrated(true), []);
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <p className="hint" id={`${id}-hint`}>
        {hint}
      </p>
      <div className="row">
        <input
          id={id}
          type="text"
          readOnly
          value={value}
          aria-describedby={`${id}-hint`}
          className="token-box"
          style={{ flex: "1 1 20rem" }}
          onFocus={(e) => e.currentTarget.select()}
        />
        {hydrated ? (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={async () => {
              try {
                await navigator.clipboard.writeText(value);
                setCopied(true);
              } catch {
                // No clipboard permission: the field stays selectable for a manual copy.
              }
            }}
          >
            {t(copied ? "common.actions.copied" : "common.actions.copy")}
          </button>
        ) : null}
        <span role="status" className="muted">
          {copied ? t("common.actions.copied") : ""}
        </span>
      </div>
    </div>
  );
}
