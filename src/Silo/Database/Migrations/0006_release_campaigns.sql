-- Release campaigns (#22): a row per campaign and a row per account of it, so a campaign across ten thousand mini
-- programs is ten thousand small rows written one step at a time, never one growing grain state. Only the campaign's
-- grain writes them. No token or secret is stored here.
-- COLLATE "C": ids and appids sort and page byte-wise, as the API's `after` cursors and the in-memory store do.
CREATE TABLE release_campaigns
(
    service_id      text             NOT NULL,
    component_appid text             NOT NULL,
    campaign_id     text COLLATE "C" NOT NULL,
    template_id     bigint           NOT NULL,
    user_version    text             NOT NULL,
    user_desc       text             NOT NULL,
    ext_json        text,
    audit_json      text,
    release_mode    smallint         NOT NULL,
    gray_percentage smallint,
    audits_per_day  integer,
    status          smallint         NOT NULL,
    rolling_back    boolean          NOT NULL DEFAULT false,
    -- Enrolling every authorized mini program of the platform goes page by page: the last appid enrolled, and whether
    -- the walk is over (true from the start when the campaign named its accounts).
    enrolled_after  text COLLATE "C",
    enrolled        boolean          NOT NULL,
    waiting_for     smallint,
    next_attempt_at timestamptz,
    -- Audits submitted on one day (Beijing time, as WeChat counts days), for `audits_per_day`; kept by the trigger below.
    audit_day       date,
    audits_on_day   integer          NOT NULL DEFAULT 0,
    created_at      timestamptz      NOT NULL,
    updated_at      timestamptz      NOT NULL,
    PRIMARY KEY (service_id, component_appid, campaign_id)
);

CREATE TABLE release_campaign_accounts
(
    service_id       text             NOT NULL,
    component_appid  text             NOT NULL,
    campaign_id      text COLLATE "C" NOT NULL,
    authorizer_appid text COLLATE "C" NOT NULL,
    stage            smallint         NOT NULL,
    -- The stage a failed account failed from, where a retry takes it back to.
    failed_from      smallint,
    errcode          integer,
    reason           text,
    attempts         integer          NOT NULL DEFAULT 0,
    -- When the account's next step is due; NULL while it waits for WeChat (an audit) or for nothing (done).
    next_attempt_at  timestamptz,
    updated_at       timestamptz      NOT NULL,
    PRIMARY KEY (service_id, component_appid, campaign_id, authorizer_appid)
);

-- "The next N accounts of this campaign due for a step of this kind": one short range per stage.
CREATE INDEX release_campaign_accounts_due ON release_campaign_accounts (service_id, component_appid, campaign_id, stage, next_attempt_at)
    WHERE next_attempt_at IS NOT NULL;

-- Paged listing by stage.
CREATE INDEX release_campaign_accounts_by_stage ON release_campaign_accounts (service_id, component_appid, campaign_id, stage, authorizer_appid);

-- Accounts per campaign and stage, kept by triggers in the writer's transaction as authorizer_counts is (0004), so a
-- campaign's counts read a few rows whatever its size. One campaign has one writer (its grain): no shards.
CREATE TABLE release_campaign_counts
(
    service_id      text     NOT NULL,
    component_appid text     NOT NULL,
    campaign_id     text     NOT NULL,
    stage           smallint NOT NULL,
    accounts        bigint   NOT NULL,
    PRIMARY KEY (service_id, component_appid, campaign_id, stage)
);

CREATE FUNCTION release_campaign_counts_add(service text, component text, campaign text, account_stage smallint, delta bigint)
    RETURNS void LANGUAGE sql
    AS $$
    INSERT INTO release_campaign_counts AS c (service_id, component_appid, campaign_id, stage, accounts)
    VALUES (service, component, campaign, account_stage, delta)
    ON CONFLICT (service_id, component_appid, campaign_id, stage) DO UPDATE SET accounts = c.accounts + excluded.accounts
    $$;

-- Stages: 0 none, 1 committed, 2 auditing, 3 audit_delayed, 4 audit_failed, 5 approved (Grains.Interfaces.ReleaseStage).
-- An account leaving `committed` for an audit stage was submitted: that is counted against the day's audits here, so
-- the count holds whichever write saw it first (the submit's answer or an audit event that overtook it).
CREATE FUNCTION release_campaign_accounts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM release_campaign_counts_add(NEW.service_id, NEW.component_appid, NEW.campaign_id, NEW.stage, 1);
        RETURN NULL;
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM release_campaign_counts_add(OLD.service_id, OLD.component_appid, OLD.campaign_id, OLD.stage, -1);
        RETURN NULL;
    END IF;

    -- Two counter rows in one order, the lower stage first, so writers moving accounts opposite ways never deadlock.
    IF OLD.stage < NEW.stage THEN
        PERFORM release_campaign_counts_add(OLD.service_id, OLD.component_appid, OLD.campaign_id, OLD.stage, -1);
        PERFORM release_campaign_counts_add(NEW.service_id, NEW.component_appid, NEW.campaign_id, NEW.stage, 1);
    ELSE
        PERFORM release_campaign_counts_add(NEW.service_id, NEW.component_appid, NEW.campaign_id, NEW.stage, 1);
        PERFORM release_campaign_counts_add(OLD.service_id, OLD.component_appid, OLD.campaign_id, OLD.stage, -1);
    END IF;

    IF OLD.stage = 1 AND NEW.stage IN (2, 3, 4, 5) THEN
        UPDATE release_campaigns SET
            audits_on_day = CASE WHEN audit_day = (NEW.updated_at AT TIME ZONE 'Asia/Shanghai')::date THEN audits_on_day + 1 ELSE 1 END,
            audit_day = (NEW.updated_at AT TIME ZONE 'Asia/Shanghai')::date
        WHERE service_id = NEW.service_id AND component_appid = NEW.component_appid AND campaign_id = NEW.campaign_id;
    END IF;

    RETURN NULL;
END;
$$;

CREATE TRIGGER release_campaign_accounts_on_insert AFTER INSERT ON release_campaign_accounts
    FOR EACH ROW EXECUTE FUNCTION release_campaign_accounts_follow();

CREATE TRIGGER release_campaign_accounts_on_delete AFTER DELETE ON release_campaign_accounts
    FOR EACH ROW EXECUTE FUNCTION release_campaign_accounts_follow();

CREATE TRIGGER release_campaign_accounts_on_update AFTER UPDATE OF stage ON release_campaign_accounts
    FOR EACH ROW WHEN (OLD.stage IS DISTINCT FROM NEW.stage)
    EXECUTE FUNCTION release_campaign_accounts_follow();
