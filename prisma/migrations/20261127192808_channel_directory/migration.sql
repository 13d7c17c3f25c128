-- CreateIndex
CREATE INDEX "Channel_status_country_lastConfirmedAt_idx" ON "Channel"("status", "country", "lastConfirmedAt");


-- Statistics on free units (capacity - approvedUnits), so that the planner knows how many periods
-- a "minimum free capacity" filter keeps: without them it assumes a third, and probes every
-- channel for a minimum nobody meets. Prisma's schema cannot declare statistics objects; they are
-- kept here only (npm run check:migrations compares tables, columns, indexes and constraints).
CREATE STATISTICS "ChannelPeriod_free_stats" ON ("capacity" - "approvedUnits") FROM "ChannelPeriod";
