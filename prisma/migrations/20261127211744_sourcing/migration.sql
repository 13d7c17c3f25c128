-- CreateEnum
CREATE TYPE "PartCategory" AS ENUM ('POWERTRAIN', 'BATTERY_EDRIVE', 'CHASSIS', 'BODY_EXTERIOR', 'INTERIOR', 'ELECTRICAL_ELECTRONICS', 'ADAS_CONNECTIVITY', 'THERMAL_MANAGEMENT', 'TYRES_WHEELS', 'AFTERMARKET_ACCESSORIES', 'SPECIAL_MODIFICATION', 'LOGISTICS_PACKAGING');

-- CreateEnum
CREATE TYPE "BusinessType" AS ENUM ('OE_SUPPLY', 'AFTERMARKET', 'MODIFICATION');

-- CreateEnum
CREATE TYPE "SourcingDirection" AS ENUM ('OEM_SEEKS_SUPPLIER', 'SUPPLIER_SEEKS_OEM');

-- CreateEnum
CREATE TYPE "SourcingRequestStatus" AS ENUM ('DRAFT', 'OPEN', 'AWARDED', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ProposalStatus" AS ENUM ('SUBMITTED', 'SHORTLISTED', 'ACCEPTED', 'DECLINED', 'WITHDRAWN');

-- CreateTable
CREATE TABLE "SupplierCapability" (
    "organizationId" UUID NOT NULL,
    "categories" "PartCategory"[],
    "businessTypes" "BusinessType"[],
    "segments" "VehicleSegment"[],
    "marketExperience" JSONB NOT NULL DEFAULT '{}',
    "markets" TEXT[],
    "annualCapacity" INTEGER NOT NULL,
    "referenceCustomers" TEXT NOT NULL DEFAULT '',
    "updatedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SupplierCapability_pkey" PRIMARY KEY ("organizationId")
);

-- CreateTable
CREATE TABLE "SourcingRequest" (
    "id" UUID NOT NULL,
    "posterOrganizationId" UUID NOT NULL,
    "postedById" UUID NOT NULL,
    "direction" "SourcingDirection" NOT NULL,
    "category" "PartCategory" NOT NULL,
    "businessType" "BusinessType" NOT NULL DEFAULT 'OE_SUPPLY',
    "title" VARCHAR(160) NOT NULL,
    "targetMarkets" TEXT[],
    "segments" "VehicleSegment"[],
    "annualVolume" INTEGER NOT NULL,
    "requiredCertifications" "CertificationType"[],
    "startOfProduction" DATE NOT NULL,
    "responseDeadline" DATE NOT NULL,
    "description" TEXT NOT NULL,
    "confidential" BOOLEAN NOT NULL DEFAULT false,
    "status" "SourcingRequestStatus" NOT NULL DEFAULT 'DRAFT',
    "searchText" TEXT NOT NULL DEFAULT '',
    "openedAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "closeReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SourcingRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SourcingAccessGrant" (
    "requestId" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "grantedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SourcingAccessGrant_pkey" PRIMARY KEY ("requestId","organizationId")
);

-- CreateTable
CREATE TABLE "Proposal" (
    "id" UUID NOT NULL,
    "requestId" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "submittedById" UUID NOT NULL,
    "message" TEXT NOT NULL,
    "priceMinMinor" INTEGER NOT NULL,
    "priceMaxMinor" INTEGER NOT NULL,
    "currency" CHAR(3) NOT NULL,
    "leadTimeDays" INTEGER NOT NULL,
    "validUntil" DATE NOT NULL,
    "status" "ProposalStatus" NOT NULL DEFAULT 'SUBMITTED',
    "decisionReason" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decidedById" UUID,
    "shortlistedAt" TIMESTAMP(3),
    "withdrawnAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Proposal_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SupplierCapability_categories_idx" ON "SupplierCapability" USING GIN ("categories");

-- CreateIndex
CREATE INDEX "SourcingRequest_status_direction_category_responseDeadline_idx" ON "SourcingRequest"("status", "direction", "category", "responseDeadline");

-- CreateIndex
CREATE INDEX "SourcingRequest_status_responseDeadline_idx" ON "SourcingRequest"("status", "responseDeadline");

-- CreateIndex
CREATE INDEX "SourcingRequest_posterOrganizationId_createdAt_idx" ON "SourcingRequest"("posterOrganizationId", "createdAt");

-- CreateIndex
CREATE INDEX "SourcingRequest_createdAt_id_idx" ON "SourcingRequest"("createdAt", "id");

-- CreateIndex
CREATE INDEX "SourcingRequest_targetMarkets_idx" ON "SourcingRequest" USING GIN ("targetMarkets");

-- CreateIndex
CREATE INDEX "SourcingRequest_searchText_idx" ON "SourcingRequest" USING GIN ("searchText" gin_trgm_ops);

-- CreateIndex
CREATE INDEX "SourcingAccessGrant_organizationId_idx" ON "SourcingAccessGrant"("organizationId");

-- CreateIndex
CREATE INDEX "Proposal_organizationId_createdAt_idx" ON "Proposal"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Proposal_requestId_organizationId_key" ON "Proposal"("requestId", "organizationId");

-- AddForeignKey
ALTER TABLE "SupplierCapability" ADD CONSTRAINT "SupplierCapability_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourcingRequest" ADD CONSTRAINT "SourcingRequest_posterOrganizationId_fkey" FOREIGN KEY ("posterOrganizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourcingAccessGrant" ADD CONSTRAINT "SourcingAccessGrant_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "SourcingRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SourcingAccessGrant" ADD CONSTRAINT "SourcingAccessGrant_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_requestId_fkey" FOREIGN KEY ("requestId") REFERENCES "SourcingRequest"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Proposal" ADD CONSTRAINT "Proposal_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

