-- CreateTable
CREATE TABLE "SavedSourcingFilter" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "name" VARCHAR(80) NOT NULL,
    "query" VARCHAR(600) NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SavedSourcingFilter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SavedSourcingFilter_userId_createdAt_idx" ON "SavedSourcingFilter"("userId", "createdAt");

-- AddForeignKey
ALTER TABLE "SavedSourcingFilter" ADD CONSTRAINT "SavedSourcingFilter_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

