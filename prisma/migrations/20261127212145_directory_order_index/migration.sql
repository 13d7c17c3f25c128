-- CreateIndex
CREATE INDEX "Organization_status_nameEn_id_idx" ON "Organization"("status", "nameEn", "id");

