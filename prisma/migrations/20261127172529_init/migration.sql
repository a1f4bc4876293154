-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "DatePrecision" AS ENUM ('YEAR', 'MONTH', 'DAY');

-- CreateEnum
CREATE TYPE "OrganisationKind" AS ENUM ('INTERGOVERNMENTAL_ORGANISATION', 'MILITARY_ALLIANCE', 'REGIONAL_FORUM', 'SECRETARIAT');

-- CreateEnum
CREATE TYPE "MembershipStatus" AS ENUM ('MEMBER', 'OBSERVER', 'DIALOGUE_PARTNER', 'APPLICANT', 'GUEST_ATTENDANCE', 'SUSPENDED', 'FORMER_MEMBER');

-- CreateEnum
CREATE TYPE "Portfolio" AS ENUM ('HEAD_OF_STATE', 'HEAD_OF_GOVERNMENT', 'DEFENCE', 'FOREIGN_AFFAIRS', 'PUBLIC_SECURITY', 'INTERIOR', 'NATIONAL_SECURITY_ADVISER', 'SECRETARY_GENERAL', 'DEPUTY_DEFENCE', 'MILITARY_COMMAND');

-- CreateEnum
CREATE TYPE "AttendanceRole" AS ENUM ('HOST', 'CHAIR', 'DELEGATE', 'OBSERVER', 'GUEST');

-- CreateEnum
CREATE TYPE "AttendanceMode" AS ENUM ('IN_PERSON', 'VIRTUAL', 'REPRESENTED_BY_DEPUTY');

-- CreateEnum
CREATE TYPE "EngagementKind" AS ENUM ('BILATERAL_MEETING', 'MULTILATERAL_MEETING', 'INFORMAL_ENCOUNTER', 'PHONE_CALL', 'JOINT_EXERCISE', 'COURTESY_CALL');

-- CreateEnum
CREATE TYPE "Formality" AS ENUM ('FORMAL', 'INFORMAL', 'BACKCHANNEL');

-- CreateEnum
CREATE TYPE "EngagementStatus" AS ENUM ('SCHEDULED', 'HELD', 'SPECULATED', 'CANCELLED', 'DID_NOT_HAPPEN', 'DENIED');

-- CreateEnum
CREATE TYPE "ParticipantRole" AS ENUM ('HOST', 'GUEST', 'PARTICIPANT', 'CONTINGENT');

-- CreateEnum
CREATE TYPE "IncidentKind" AS ENUM ('MILITARY_STANDOFF', 'ARMED_CLASH', 'TERRORIST_ATTACK', 'CROSS_BORDER_STRIKE', 'OTHER');

-- CreateEnum
CREATE TYPE "SourceKind" AS ENUM ('NEWS_REPORT', 'OFFICIAL', 'REFERENCE');

-- CreateTable
CREATE TABLE "Source" (
    "id" SERIAL NOT NULL,
    "url" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "publisher" TEXT NOT NULL,
    "kind" "SourceKind" NOT NULL DEFAULT 'NEWS_REPORT',
    "publishedDate" DATE,
    "publishedPrecision" "DatePrecision",
    "retrievedDate" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Source_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Citation" (
    "id" SERIAL NOT NULL,
    "sourceId" INTEGER NOT NULL,
    "note" TEXT,
    "organisationId" INTEGER,
    "membershipId" INTEGER,
    "tenureId" INTEGER,
    "summitId" INTEGER,
    "attendanceId" INTEGER,
    "engagementId" INTEGER,
    "incidentId" INTEGER,
    "statementId" INTEGER,

    CONSTRAINT "Citation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Organisation" (
    "id" SERIAL NOT NULL,
    "acronym" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "OrganisationKind" NOT NULL,
    "foundedDate" DATE,
    "foundedPrecision" "DatePrecision",
    "seatCity" TEXT,
    "seatCountryId" INTEGER,
    "seatSinceDate" DATE,
    "seatSincePrecision" "DatePrecision",
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Organisation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Country" (
    "id" SERIAL NOT NULL,
    "code" CHAR(2) NOT NULL,
    "alpha3" CHAR(3) NOT NULL,
    "name" TEXT NOT NULL,
    "region" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Country_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Membership" (
    "id" SERIAL NOT NULL,
    "organisationId" INTEGER NOT NULL,
    "countryId" INTEGER NOT NULL,
    "status" "MembershipStatus" NOT NULL,
    "founding" BOOLEAN NOT NULL DEFAULT false,
    "fromDate" DATE,
    "fromPrecision" "DatePrecision",
    "toDate" DATE,
    "toPrecision" "DatePrecision",
    "attestedDate" DATE,
    "attestedPrecision" "DatePrecision",
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Membership_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Person" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "alternateNames" TEXT[],
    "countryId" INTEGER,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Person_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Tenure" (
    "id" SERIAL NOT NULL,
    "personId" INTEGER NOT NULL,
    "portfolio" "Portfolio" NOT NULL,
    "title" TEXT NOT NULL,
    "countryId" INTEGER,
    "organisationId" INTEGER,
    "fromDate" DATE,
    "fromPrecision" "DatePrecision",
    "toDate" DATE,
    "toPrecision" "DatePrecision",
    "attestedDate" DATE,
    "attestedPrecision" "DatePrecision",
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Tenure_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventSeries" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "organisationId" INTEGER NOT NULL,
    "portfolio" "Portfolio",

    CONSTRAINT "EventSeries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Summit" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "organisationId" INTEGER NOT NULL,
    "seriesId" INTEGER,
    "hostCountryId" INTEGER NOT NULL,
    "city" TEXT NOT NULL,
    "region" TEXT,
    "startDate" DATE NOT NULL,
    "startPrecision" "DatePrecision" NOT NULL,
    "endDate" DATE,
    "endPrecision" "DatePrecision",
    "hostPersonId" INTEGER,
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Summit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Attendance" (
    "id" SERIAL NOT NULL,
    "summitId" INTEGER NOT NULL,
    "countryId" INTEGER NOT NULL,
    "personId" INTEGER,
    "role" "AttendanceRole" NOT NULL,
    "mode" "AttendanceMode" NOT NULL,
    "note" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Attendance_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Engagement" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "kind" "EngagementKind" NOT NULL,
    "formality" "Formality" NOT NULL,
    "status" "EngagementStatus" NOT NULL,
    "date" DATE NOT NULL,
    "datePrecision" "DatePrecision" NOT NULL,
    "place" TEXT,
    "placeCountryId" INTEGER,
    "summitId" INTEGER,
    "organisationId" INTEGER,
    "summary" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Engagement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EngagementParticipant" (
    "id" SERIAL NOT NULL,
    "engagementId" INTEGER NOT NULL,
    "countryId" INTEGER NOT NULL,
    "personId" INTEGER,
    "role" "ParticipantRole" NOT NULL,

    CONSTRAINT "EngagementParticipant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Incident" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "IncidentKind" NOT NULL,
    "startDate" DATE NOT NULL,
    "startPrecision" "DatePrecision" NOT NULL,
    "endDate" DATE,
    "endPrecision" "DatePrecision",
    "location" TEXT,
    "summary" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Incident_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentParty" (
    "id" SERIAL NOT NULL,
    "incidentId" INTEGER NOT NULL,
    "countryId" INTEGER NOT NULL,

    CONSTRAINT "IncidentParty_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "IncidentName" (
    "id" SERIAL NOT NULL,
    "incidentId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "usedByCountryId" INTEGER,

    CONSTRAINT "IncidentName_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Statement" (
    "id" SERIAL NOT NULL,
    "slug" TEXT NOT NULL,
    "speakerId" INTEGER,
    "countryId" INTEGER,
    "summitId" INTEGER,
    "place" TEXT,
    "date" DATE NOT NULL,
    "datePrecision" "DatePrecision" NOT NULL,
    "summary" TEXT NOT NULL,
    "topics" TEXT[],
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Statement_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Source_url_key" ON "Source"("url");

-- CreateIndex
CREATE INDEX "Citation_organisationId_idx" ON "Citation"("organisationId");

-- CreateIndex
CREATE INDEX "Citation_membershipId_idx" ON "Citation"("membershipId");

-- CreateIndex
CREATE INDEX "Citation_tenureId_idx" ON "Citation"("tenureId");

-- CreateIndex
CREATE INDEX "Citation_summitId_idx" ON "Citation"("summitId");

-- CreateIndex
CREATE INDEX "Citation_attendanceId_idx" ON "Citation"("attendanceId");

-- CreateIndex
CREATE INDEX "Citation_engagementId_idx" ON "Citation"("engagementId");

-- CreateIndex
CREATE INDEX "Citation_incidentId_idx" ON "Citation"("incidentId");

-- CreateIndex
CREATE INDEX "Citation_statementId_idx" ON "Citation"("statementId");

-- CreateIndex
CREATE UNIQUE INDEX "Citation_sourceId_organisationId_key" ON "Citation"("sourceId", "organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "Citation_sourceId_membershipId_key" ON "Citation"("sourceId", "membershipId");

-- CreateIndex
CREATE UNIQUE INDEX "Citation_sourceId_tenureId_key" ON "Citation"("sourceId", "tenureId");

-- CreateIndex
CREATE UNIQUE INDEX "Citation_sourceId_summitId_key" ON "Citation"("sourceId", "summitId");

-- CreateIndex
CREATE UNIQUE INDEX "Citation_sourceId_attendanceId_key" ON "Citation"("sourceId", "attendanceId");

-- CreateIndex
CREATE UNIQUE INDEX "Citation_sourceId_engagementId_key" ON "Citation"("sourceId", "engagementId");

-- CreateIndex
CREATE UNIQUE INDEX "Citation_sourceId_incidentId_key" ON "Citation"("sourceId", "incidentId");

-- CreateIndex
CREATE UNIQUE INDEX "Citation_sourceId_statementId_key" ON "Citation"("sourceId", "statementId");

-- CreateIndex
CREATE UNIQUE INDEX "Organisation_acronym_key" ON "Organisation"("acronym");

-- CreateIndex
CREATE UNIQUE INDEX "Country_code_key" ON "Country"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Country_alpha3_key" ON "Country"("alpha3");

-- CreateIndex
CREATE INDEX "Membership_countryId_idx" ON "Membership"("countryId");

-- CreateIndex
CREATE INDEX "Membership_organisationId_status_idx" ON "Membership"("organisationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Membership_natural_key" ON "Membership"("organisationId", "countryId", "status", "fromDate") NULLS NOT DISTINCT;

-- CreateIndex
CREATE UNIQUE INDEX "Person_slug_key" ON "Person"("slug");

-- CreateIndex
CREATE INDEX "Person_countryId_idx" ON "Person"("countryId");

-- CreateIndex
CREATE INDEX "Tenure_countryId_portfolio_idx" ON "Tenure"("countryId", "portfolio");

-- CreateIndex
CREATE INDEX "Tenure_organisationId_portfolio_idx" ON "Tenure"("organisationId", "portfolio");

-- CreateIndex
CREATE UNIQUE INDEX "Tenure_natural_key" ON "Tenure"("personId", "portfolio", "countryId", "organisationId", "fromDate") NULLS NOT DISTINCT;

-- CreateIndex
CREATE UNIQUE INDEX "EventSeries_slug_key" ON "EventSeries"("slug");

-- CreateIndex
CREATE INDEX "EventSeries_organisationId_idx" ON "EventSeries"("organisationId");

-- CreateIndex
CREATE UNIQUE INDEX "Summit_slug_key" ON "Summit"("slug");

-- CreateIndex
CREATE INDEX "Summit_organisationId_startDate_idx" ON "Summit"("organisationId", "startDate" DESC);

-- CreateIndex
CREATE INDEX "Summit_seriesId_idx" ON "Summit"("seriesId");

-- CreateIndex
CREATE INDEX "Summit_hostCountryId_idx" ON "Summit"("hostCountryId");

-- CreateIndex
CREATE INDEX "Attendance_countryId_idx" ON "Attendance"("countryId");

-- CreateIndex
CREATE INDEX "Attendance_personId_idx" ON "Attendance"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "Attendance_natural_key" ON "Attendance"("summitId", "countryId", "personId") NULLS NOT DISTINCT;

-- CreateIndex
CREATE UNIQUE INDEX "Engagement_slug_key" ON "Engagement"("slug");

-- CreateIndex
CREATE INDEX "Engagement_summitId_idx" ON "Engagement"("summitId");

-- CreateIndex
CREATE INDEX "Engagement_organisationId_idx" ON "Engagement"("organisationId");

-- CreateIndex
CREATE INDEX "Engagement_date_id_idx" ON "Engagement"("date" DESC, "id" DESC);

-- CreateIndex
CREATE INDEX "Engagement_status_date_idx" ON "Engagement"("status", "date" DESC);

-- CreateIndex
CREATE INDEX "EngagementParticipant_countryId_engagementId_idx" ON "EngagementParticipant"("countryId", "engagementId");

-- CreateIndex
CREATE INDEX "EngagementParticipant_personId_idx" ON "EngagementParticipant"("personId");

-- CreateIndex
CREATE UNIQUE INDEX "EngagementParticipant_natural_key" ON "EngagementParticipant"("engagementId", "countryId", "personId") NULLS NOT DISTINCT;

-- CreateIndex
CREATE UNIQUE INDEX "Incident_slug_key" ON "Incident"("slug");

-- CreateIndex
CREATE INDEX "Incident_startDate_idx" ON "Incident"("startDate" DESC);

-- CreateIndex
CREATE INDEX "IncidentParty_countryId_idx" ON "IncidentParty"("countryId");

-- CreateIndex
CREATE UNIQUE INDEX "IncidentParty_incidentId_countryId_key" ON "IncidentParty"("incidentId", "countryId");

-- CreateIndex
CREATE UNIQUE INDEX "IncidentName_incidentId_name_key" ON "IncidentName"("incidentId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "Statement_slug_key" ON "Statement"("slug");

-- CreateIndex
CREATE INDEX "Statement_speakerId_idx" ON "Statement"("speakerId");

-- CreateIndex
CREATE INDEX "Statement_countryId_idx" ON "Statement"("countryId");

-- CreateIndex
CREATE INDEX "Statement_summitId_idx" ON "Statement"("summitId");

-- CreateIndex
CREATE INDEX "Statement_date_idx" ON "Statement"("date" DESC);

-- AddForeignKey
ALTER TABLE "Citation" ADD CONSTRAINT "Citation_sourceId_fkey" FOREIGN KEY ("sourceId") REFERENCES "Source"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Citation" ADD CONSTRAINT "Citation_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Citation" ADD CONSTRAINT "Citation_membershipId_fkey" FOREIGN KEY ("membershipId") REFERENCES "Membership"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Citation" ADD CONSTRAINT "Citation_tenureId_fkey" FOREIGN KEY ("tenureId") REFERENCES "Tenure"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Citation" ADD CONSTRAINT "Citation_summitId_fkey" FOREIGN KEY ("summitId") REFERENCES "Summit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Citation" ADD CONSTRAINT "Citation_attendanceId_fkey" FOREIGN KEY ("attendanceId") REFERENCES "Attendance"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Citation" ADD CONSTRAINT "Citation_engagementId_fkey" FOREIGN KEY ("engagementId") REFERENCES "Engagement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Citation" ADD CONSTRAINT "Citation_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Citation" ADD CONSTRAINT "Citation_statementId_fkey" FOREIGN KEY ("statementId") REFERENCES "Statement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_seatCountryId_fkey" FOREIGN KEY ("seatCountryId") REFERENCES "Country"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_countryId_fkey" FOREIGN KEY ("countryId") REFERENCES "Country"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Person" ADD CONSTRAINT "Person_countryId_fkey" FOREIGN KEY ("countryId") REFERENCES "Country"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tenure" ADD CONSTRAINT "Tenure_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tenure" ADD CONSTRAINT "Tenure_countryId_fkey" FOREIGN KEY ("countryId") REFERENCES "Country"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Tenure" ADD CONSTRAINT "Tenure_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventSeries" ADD CONSTRAINT "EventSeries_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Summit" ADD CONSTRAINT "Summit_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Summit" ADD CONSTRAINT "Summit_seriesId_fkey" FOREIGN KEY ("seriesId") REFERENCES "EventSeries"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Summit" ADD CONSTRAINT "Summit_hostCountryId_fkey" FOREIGN KEY ("hostCountryId") REFERENCES "Country"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Summit" ADD CONSTRAINT "Summit_hostPersonId_fkey" FOREIGN KEY ("hostPersonId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_summitId_fkey" FOREIGN KEY ("summitId") REFERENCES "Summit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_countryId_fkey" FOREIGN KEY ("countryId") REFERENCES "Country"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Engagement" ADD CONSTRAINT "Engagement_placeCountryId_fkey" FOREIGN KEY ("placeCountryId") REFERENCES "Country"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Engagement" ADD CONSTRAINT "Engagement_summitId_fkey" FOREIGN KEY ("summitId") REFERENCES "Summit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Engagement" ADD CONSTRAINT "Engagement_organisationId_fkey" FOREIGN KEY ("organisationId") REFERENCES "Organisation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementParticipant" ADD CONSTRAINT "EngagementParticipant_engagementId_fkey" FOREIGN KEY ("engagementId") REFERENCES "Engagement"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementParticipant" ADD CONSTRAINT "EngagementParticipant_countryId_fkey" FOREIGN KEY ("countryId") REFERENCES "Country"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EngagementParticipant" ADD CONSTRAINT "EngagementParticipant_personId_fkey" FOREIGN KEY ("personId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentParty" ADD CONSTRAINT "IncidentParty_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentParty" ADD CONSTRAINT "IncidentParty_countryId_fkey" FOREIGN KEY ("countryId") REFERENCES "Country"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentName" ADD CONSTRAINT "IncidentName_incidentId_fkey" FOREIGN KEY ("incidentId") REFERENCES "Incident"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "IncidentName" ADD CONSTRAINT "IncidentName_usedByCountryId_fkey" FOREIGN KEY ("usedByCountryId") REFERENCES "Country"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Statement" ADD CONSTRAINT "Statement_speakerId_fkey" FOREIGN KEY ("speakerId") REFERENCES "Person"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Statement" ADD CONSTRAINT "Statement_countryId_fkey" FOREIGN KEY ("countryId") REFERENCES "Country"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Statement" ADD CONSTRAINT "Statement_summitId_fkey" FOREIGN KEY ("summitId") REFERENCES "Summit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Hand-written: rules Prisma's schema language cannot state.

-- A citation supports exactly one fact row.
ALTER TABLE "Citation" ADD CONSTRAINT "Citation_exactly_one_fact" CHECK (num_nonnulls(
  "organisationId", "membershipId", "tenureId", "summitId", "attendanceId", "engagementId",
  "incidentId", "statementId") = 1);

-- An office belongs to a country or to an organisation, never both or neither.
ALTER TABLE "Tenure" ADD CONSTRAINT "Tenure_one_holder" CHECK (num_nonnulls("countryId", "organisationId") = 1);

-- A partial date is stored as the first day of its year or month, and its precision is known
-- exactly when the date is.
CREATE FUNCTION summitry_date_fits(d date, p "DatePrecision") RETURNS boolean
  LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE
      WHEN d IS NULL THEN p IS NULL
      WHEN p IS NULL THEN false
      WHEN p = 'YEAR' THEN d = date_trunc('year', d)::date
      WHEN p = 'MONTH' THEN d = date_trunc('month', d)::date
      ELSE true
    END $$;

-- The last day a partial date can stand for ("2017" -> 2017-12-31).
CREATE FUNCTION summitry_date_last(d date, p "DatePrecision") RETURNS date
  LANGUAGE sql IMMUTABLE AS $$
    SELECT CASE p
      WHEN 'YEAR' THEN (d + interval '1 year' - interval '1 day')::date
      WHEN 'MONTH' THEN (d + interval '1 month' - interval '1 day')::date
      ELSE d
    END $$;

ALTER TABLE "Source" ADD CONSTRAINT "Source_published_fits" CHECK (summitry_date_fits("publishedDate", "publishedPrecision"));
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_founded_fits" CHECK (summitry_date_fits("foundedDate", "foundedPrecision"));
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_seat_since_fits" CHECK (summitry_date_fits("seatSinceDate", "seatSincePrecision"));
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_from_fits" CHECK (summitry_date_fits("fromDate", "fromPrecision"));
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_to_fits" CHECK (summitry_date_fits("toDate", "toPrecision"));
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_attested_fits" CHECK (summitry_date_fits("attestedDate", "attestedPrecision"));
ALTER TABLE "Membership" ADD CONSTRAINT "Membership_to_after_from" CHECK ("toDate" IS NULL OR "fromDate" IS NULL OR summitry_date_last("toDate", "toPrecision") >= "fromDate");
ALTER TABLE "Tenure" ADD CONSTRAINT "Tenure_from_fits" CHECK (summitry_date_fits("fromDate", "fromPrecision"));
ALTER TABLE "Tenure" ADD CONSTRAINT "Tenure_to_fits" CHECK (summitry_date_fits("toDate", "toPrecision"));
ALTER TABLE "Tenure" ADD CONSTRAINT "Tenure_attested_fits" CHECK (summitry_date_fits("attestedDate", "attestedPrecision"));
ALTER TABLE "Tenure" ADD CONSTRAINT "Tenure_to_after_from" CHECK ("toDate" IS NULL OR "fromDate" IS NULL OR summitry_date_last("toDate", "toPrecision") >= "fromDate");
ALTER TABLE "Summit" ADD CONSTRAINT "Summit_start_fits" CHECK (summitry_date_fits("startDate", "startPrecision"));
ALTER TABLE "Summit" ADD CONSTRAINT "Summit_end_fits" CHECK (summitry_date_fits("endDate", "endPrecision"));
ALTER TABLE "Summit" ADD CONSTRAINT "Summit_end_after_start" CHECK ("endDate" IS NULL OR "endDate" >= "startDate");
ALTER TABLE "Engagement" ADD CONSTRAINT "Engagement_date_fits" CHECK (summitry_date_fits("date", "datePrecision"));
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_start_fits" CHECK (summitry_date_fits("startDate", "startPrecision"));
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_end_fits" CHECK (summitry_date_fits("endDate", "endPrecision"));
ALTER TABLE "Incident" ADD CONSTRAINT "Incident_end_after_start" CHECK ("endDate" IS NULL OR summitry_date_last("endDate", "endPrecision") >= "startDate");
ALTER TABLE "Statement" ADD CONSTRAINT "Statement_date_fits" CHECK (summitry_date_fits("date", "datePrecision"));

ALTER TABLE "Country" ADD CONSTRAINT "Country_codes_upper" CHECK ("code" ~ '^[A-Z]{2}$' AND "alpha3" ~ '^[A-Z]{3}$');
