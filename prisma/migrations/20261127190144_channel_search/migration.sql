-- CreateExtension
CREATE EXTENSION IF NOT EXISTS "pg_trgm";

-- CreateIndex
CREATE INDEX "Channel_searchText_idx" ON "Channel" USING GIN ("searchText" gin_trgm_ops);

