-- CreateEnum
CREATE TYPE "ChannelKind" AS ENUM ('SALES', 'SERVICE', 'RORO', 'RAIL', 'WAREHOUSE');

-- CreateEnum
CREATE TYPE "ChannelStatus" AS ENUM ('DRAFT', 'PUBLISHED', 'PAUSED', 'ARCHIVED');

-- CreateEnum
CREATE TYPE "VehicleSegment" AS ENUM ('ICE_PASSENGER', 'COMMERCIAL', 'NEV_PASSENGER', 'NEV_COMMERCIAL', 'PARTS');

-- CreateEnum
CREATE TYPE "Region" AS ENUM ('ASIA', 'EUROPE', 'AFRICA', 'LATIN_AMERICA', 'NORTH_AMERICA', 'OCEANIA');

-- CreateEnum
CREATE TYPE "CapacityRequestStatus" AS ENUM ('PENDING', 'WAITLISTED', 'APPROVED', 'DECLINED', 'WITHDRAWN', 'CANCELLED');

-- CreateTable
CREATE TABLE "Channel" (
    "id" UUID NOT NULL,
    "ownerOrganizationId" UUID NOT NULL,
    "kind" "ChannelKind" NOT NULL,
    "status" "ChannelStatus" NOT NULL DEFAULT 'DRAFT',
    "name" VARCHAR(160) NOT NULL,
    "country" CHAR(2) NOT NULL,
    "region" "Region" NOT NULL,
    "city" VARCHAR(80) NOT NULL,
    "originName" VARCHAR(120),
    "originCountry" CHAR(2),
    "destinationName" VARCHAR(120),
    "localPartner" VARCHAR(160),
    "segments" "VehicleSegment"[],
    "capacityPerPeriod" INTEGER NOT NULL,
    "validFrom" DATE NOT NULL,
    "validTo" DATE NOT NULL,
    "terms" TEXT NOT NULL DEFAULT '',
    "contactName" VARCHAR(120) NOT NULL,
    "contactEmail" VARCHAR(254) NOT NULL,
    "contactPhone" VARCHAR(40),
    "searchText" TEXT NOT NULL DEFAULT '',
    "lastConfirmedAt" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),
    "createdById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Channel_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ChannelPeriod" (
    "id" UUID NOT NULL,
    "channelId" UUID NOT NULL,
    "startsOn" DATE NOT NULL,
    "capacity" INTEGER NOT NULL,
    "approvedUnits" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ChannelPeriod_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CapacityRequest" (
    "id" UUID NOT NULL,
    "channelId" UUID NOT NULL,
    "periodId" UUID NOT NULL,
    "requestingOrganizationId" UUID NOT NULL,
    "requestedById" UUID NOT NULL,
    "units" INTEGER NOT NULL,
    "vehicleMix" JSONB,
    "approvedUnits" INTEGER,
    "message" TEXT NOT NULL DEFAULT '',
    "decisionReason" TEXT,
    "status" "CapacityRequestStatus" NOT NULL DEFAULT 'PENDING',
    "waitlistedAt" TIMESTAMP(3),
    "offeredAt" TIMESTAMP(3),
    "decidedAt" TIMESTAMP(3),
    "decidedById" UUID,
    "closedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CapacityRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Channel_status_kind_region_country_idx" ON "Channel"("status", "kind", "region", "country");

-- CreateIndex
CREATE INDEX "Channel_status_country_idx" ON "Channel"("status", "country");

-- CreateIndex
CREATE INDEX "Channel_status_lastConfirmedAt_idx" ON "Channel"("status", "lastConfirmedAt");

-- CreateIndex
CREATE INDEX "Channel_ownerOrganizationId_status_idx" ON "Channel"("ownerOrganizationId", "status");

-- CreateIndex
CREATE INDEX "Channel_segments_idx" ON "Channel" USING GIN ("segments");

-- CreateIndex
CREATE INDEX "ChannelPeriod_startsOn_idx" ON "ChannelPeriod"("startsOn");

-- CreateIndex
CREATE UNIQUE INDEX "ChannelPeriod_channelId_startsOn_key" ON "ChannelPeriod"("channelId", "startsOn");

-- CreateIndex
CREATE INDEX "CapacityRequest_periodId_status_createdAt_idx" ON "CapacityRequest"("periodId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "CapacityRequest_channelId_status_createdAt_idx" ON "CapacityRequest"("channelId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "CapacityRequest_requestingOrganizationId_createdAt_idx" ON "CapacityRequest"("requestingOrganizationId", "createdAt");

-- CreateIndex
CREATE INDEX "Notification_userId_readAt_createdAt_idx" ON "Notification"("userId", "readAt", "createdAt");

-- AddForeignKey
ALTER TABLE "Channel" ADD CONSTRAINT "Channel_ownerOrganizationId_fkey" FOREIGN KEY ("ownerOrganizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ChannelPeriod" ADD CONSTRAINT "ChannelPeriod_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapacityRequest" ADD CONSTRAINT "CapacityRequest_channelId_fkey" FOREIGN KEY ("channelId") REFERENCES "Channel"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapacityRequest" ADD CONSTRAINT "CapacityRequest_periodId_fkey" FOREIGN KEY ("periodId") REFERENCES "ChannelPeriod"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapacityRequest" ADD CONSTRAINT "CapacityRequest_requestingOrganizationId_fkey" FOREIGN KEY ("requestingOrganizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CapacityRequest" ADD CONSTRAINT "CapacityRequest_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Notification" ADD CONSTRAINT "Notification_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

