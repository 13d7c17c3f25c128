// The directory's answer: a status line, the rows and the pager; or, for filters the domain could
// not use (400), the message that says so.
import { Link } from "@remix-run/react";
import { useT } from "../../lib/i18n";
import { ChannelTable, DirectoryPager } from "./ChannelTable";
import type { DirectoryData } from "./directory.server";

type Serialized<T> = { [K in keyof T]: T[K] extends Date ? Date | string : T[K] };
type PageData = Omit<DirectoryData, "items"> & { items: Parameters<typeof ChannelTable>[0]["items"] };

const SORT_LABEL = { relevance: "sortRelevance", free: "sortFree", fresh: "sortFresh" } as const;

export function DirectoryResults({ page, base, showCountry = true }: { page: Serialized<PageData>; base: string; showCountry?: boolean }) {
  const t = useT();
  if (!page.ok) {
    return (
      <div className="alert alert-error" role="alert">
        {t("channelDirectory.results.invalid")}
        {page.fieldErrors.cursor ? (
          <>
            {" "}
            {t(page.fieldErrors.cursor)} <Link to={base}>{t("channelDirectory.results.firstPage")}</Link>
          </>
        ) : null}
      </div>
    );
  }
  const count = page.items.length;
  return (
    <>
      <p role="status" className="result-count">
        {count === 0
          ? t("channelDirectory.results.none")
          : count === 1
            ? t("channelDirectory.results.pageCountOne")
            : t("channelDirectory.results.pageCount", { count })}
        {count > 0 && page.sort ? ` ${t("channelDirectory.results.sortedBy", { order: t(`channelDirectory.filters.${SORT_LABEL[page.sort]}`) })}` : null}
        {page.nextCursor ? ` ${t("channelDirectory.results.morePages")}` : null}
      </p>
      {count > 0 ? <ChannelTable items={page.items} month={page.referenceMonth ?? undefined} showCountry={showCountry} /> : null}
      <DirectoryPager base={base} values={page.values} nextCursor={page.nextCursor} paged={page.paged} />
    </>
  );
}
