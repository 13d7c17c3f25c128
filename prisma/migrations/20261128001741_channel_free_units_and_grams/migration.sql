-- Two-character Chinese search (issue 3): every pair of adjacent Han characters of searchText, for a
-- GIN index. The domain keeps it up to date on every write (hanBigrams in server/domain/channels.ts,
-- the same character ranges as below); existing rows are filled here.
ALTER TABLE "Channel" ADD COLUMN     "searchGrams" TEXT[] DEFAULT ARRAY[]::TEXT[];

UPDATE "Channel" c SET "searchGrams" = ARRAY(
  SELECT DISTINCT s.g
    FROM (SELECT substr(c."searchText", i, 2) AS g FROM generate_series(1, length(c."searchText") - 1) AS i) s
   WHERE s.g ~ '^[㐀-䶿一-鿿豈-﫿]{2}$');

-- Free units per period, stored (capacity - approvedUnits), with the period's month and its
-- channel's kind, so that "most free capacity first" and "at least N free" are index scans. Added
-- nullable, filled, then NOT NULL: the table may already hold periods.
ALTER TABLE "ChannelPeriod" ADD COLUMN     "freeUnits" INTEGER,
ADD COLUMN     "kind" "ChannelKind",
ADD COLUMN     "month" DATE;

UPDATE "ChannelPeriod" p
   SET "freeUnits" = p."capacity" - p."approvedUnits", "month" = date_trunc('month', p."startsOn")::date, "kind" = c."kind"
  FROM "Channel" c
 WHERE c."id" = p."channelId";

ALTER TABLE "ChannelPeriod" ALTER COLUMN "freeUnits" SET NOT NULL,
ALTER COLUMN "kind" SET NOT NULL,
ALTER COLUMN "month" SET NOT NULL;

-- CreateIndex
CREATE INDEX "Channel_searchGrams_idx" ON "Channel" USING GIN ("searchGrams");

-- CreateIndex
CREATE INDEX "ChannelPeriod_month_freeUnits_channelId_idx" ON "ChannelPeriod"("month", "freeUnits" DESC, "channelId");

-- CreateIndex
CREATE INDEX "ChannelPeriod_kind_month_freeUnits_channelId_idx" ON "ChannelPeriod"("kind", "month", "freeUnits" DESC, "channelId");
