-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "btree_gin";

-- DropIndex
DROP INDEX "Channel_searchText_idx";

-- CreateIndex
CREATE INDEX "Channel_kind_region_searchText_idx" ON "Channel" USING GIN ("kind" enum_ops, "region" enum_ops, "searchText" gin_trgm_ops);

