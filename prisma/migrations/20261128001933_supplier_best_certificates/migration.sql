-- AlterTable
ALTER TABLE "SupplierCapability" ADD COLUMN     "bestCertificates" JSONB NOT NULL DEFAULT '{}';


-- Matching reads each supplier's best certificate per type from this column instead of joining
-- Certification for every candidate (docs/decisions/0011-supply-matching.md). Triggers keep it,
-- in the same transaction as the change, whichever code path writes certificates.
CREATE FUNCTION "supplier_best_certificates"(org uuid) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT COALESCE(jsonb_object_agg(best."type", jsonb_build_object('validTo', best."validTo", 'label', best."label")), '{}'::jsonb)
    FROM (SELECT DISTINCT ON (c."type") c."type"::text AS "type", to_char(c."validTo", 'YYYY-MM-DD') AS "validTo", c."label"
            FROM "Certification" c
           WHERE c."organizationId" = org
           ORDER BY c."type", c."validTo" DESC, c."createdAt", c."id") best
$$;

CREATE FUNCTION "certification_refresh_best"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    UPDATE "SupplierCapability" SET "bestCertificates" = "supplier_best_certificates"(OLD."organizationId")
     WHERE "organizationId" = OLD."organizationId";
  END IF;
  IF TG_OP = 'INSERT' OR (TG_OP = 'UPDATE' AND NEW."organizationId" IS DISTINCT FROM OLD."organizationId") THEN
    UPDATE "SupplierCapability" SET "bestCertificates" = "supplier_best_certificates"(NEW."organizationId")
     WHERE "organizationId" = NEW."organizationId";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Certification_refresh_best"
  AFTER INSERT OR UPDATE OR DELETE ON "Certification"
  FOR EACH ROW EXECUTE FUNCTION "certification_refresh_best"();

CREATE FUNCTION "supplier_capability_best_on_insert"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW."bestCertificates" := "supplier_best_certificates"(NEW."organizationId");
  RETURN NEW;
END
$$;

CREATE TRIGGER "SupplierCapability_best_on_insert"
  BEFORE INSERT ON "SupplierCapability"
  FOR EACH ROW EXECUTE FUNCTION "supplier_capability_best_on_insert"();

UPDATE "SupplierCapability" SET "bestCertificates" = "supplier_best_certificates"("organizationId");
