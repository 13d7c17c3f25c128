-- CreateTable
CREATE TABLE "OrganizationCount" (
    "status" "OrganizationStatus" NOT NULL,
    "total" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "OrganizationCount_pkey" PRIMARY KEY ("status")
);


-- The member directory's unfiltered view reads its total from this table instead of counting every
-- active organisation for each page (docs/decisions/00XX-directory-total-from-a-kept-count.md).
-- Triggers keep it in the same transaction as the change, whichever code path writes.
CREATE FUNCTION "organization_count_add"(status "OrganizationStatus", delta integer) RETURNS void LANGUAGE sql AS $$
  INSERT INTO "OrganizationCount" ("status", "total") VALUES ($1, $2)
  ON CONFLICT ("status") DO UPDATE SET "total" = "OrganizationCount"."total" + EXCLUDED."total"
$$;

CREATE FUNCTION "organization_count_keep"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    PERFORM "organization_count_add"(NEW."status", 1);
  ELSIF TG_OP = 'DELETE' THEN
    PERFORM "organization_count_add"(OLD."status", -1);
  ELSIF NEW."status" IS DISTINCT FROM OLD."status" THEN
    -- Both rows in the enum's order, whichever way the status moves, so that two transactions
    -- moving organisations in opposite directions (suspend, reactivate) never wait for each other.
    IF OLD."status" < NEW."status" THEN
      PERFORM "organization_count_add"(OLD."status", -1);
      PERFORM "organization_count_add"(NEW."status", 1);
    ELSE
      PERFORM "organization_count_add"(NEW."status", 1);
      PERFORM "organization_count_add"(OLD."status", -1);
    END IF;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Organization_count_keep"
  AFTER INSERT OR DELETE OR UPDATE OF "status" ON "Organization"
  FOR EACH ROW EXECUTE FUNCTION "organization_count_keep"();

CREATE FUNCTION "organization_count_reset"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE "OrganizationCount" SET "total" = 0;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Organization_count_reset"
  AFTER TRUNCATE ON "Organization"
  FOR EACH STATEMENT EXECUTE FUNCTION "organization_count_reset"();

INSERT INTO "OrganizationCount" ("status", "total")
SELECT s, (SELECT count(*) FROM "Organization" o WHERE o."status" = s)::int
  FROM unnest(enum_range(NULL::"OrganizationStatus")) AS s;
