-- Authorized accounts per platform and minute of token expiry, so the status page's picture by token time left (and
-- the token gauges) sum a few rows per minute of token lifetime instead of reading every authorized account's row.
--
-- Time left cannot be counted once and kept: it changes with the clock. The expiry instant does not, so the counts are
-- by expiry minute, and a reader turns "time left" into a range of minutes from the current one (a token expiring in
-- the current minute counts as under a minute left). Minutes rather than instants keep the rows few: about 16 per
-- minute of token lifetime (120 minutes for WeChat's 2-hour tokens), whatever the number of accounts.
--
-- Kept by triggers on authorizer_index like authorizer_counts (migration 0004, where the reasons are written), in the
-- writer's transaction. Unlike status changes, every refresh moves its account to a new minute, so a row that falls to
-- zero accounts is deleted in the same call: the rows of minutes long past do not pile up.
CREATE TABLE authorizer_token_expiries
(
    service_id      text        NOT NULL,
    component_appid text        NOT NULL,
    -- The start of the minute the token expires in; '-infinity' for an authorized account without a token.
    expiry_minute   timestamptz NOT NULL,
    shard           smallint    NOT NULL,
    accounts        bigint      NOT NULL,
    PRIMARY KEY (service_id, component_appid, expiry_minute, shard)
);

-- date_bin counts in UTC microseconds from the origin: no time zone setting moves a minute's start.
CREATE FUNCTION authorizer_token_expiry_minute(expires_at timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT coalesce(date_bin('1 minute', expires_at, timestamptz '2000-01-01 00:00:00+00'), '-infinity') $$;

CREATE FUNCTION authorizer_token_expiries_add(service text, component text, minute timestamptz, account_shard smallint, delta bigint)
    RETURNS void LANGUAGE plpgsql
    AS $$
DECLARE
    remaining bigint;
BEGIN
    INSERT INTO authorizer_token_expiries AS e (service_id, component_appid, expiry_minute, shard, accounts)
    VALUES (service, component, minute, account_shard, delta)
    ON CONFLICT (service_id, component_appid, expiry_minute, shard) DO UPDATE SET accounts = e.accounts + excluded.accounts
    RETURNING accounts INTO remaining;
    -- The row stays locked by this transaction until it commits: a writer adding to it meanwhile finds it gone and
    -- inserts it again (ON CONFLICT's insert-or-update is atomic).
    IF remaining = 0 THEN
        DELETE FROM authorizer_token_expiries
        WHERE service_id = service AND component_appid = component AND expiry_minute = minute AND shard = account_shard AND accounts = 0;
    END IF;
END;
$$;

CREATE FUNCTION authorizer_token_expiries_follow() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    -- Only authorized accounts are counted.
    old_counted boolean := TG_OP <> 'INSERT' AND OLD.status = 0;
    new_counted boolean := TG_OP <> 'DELETE' AND NEW.status = 0;
    old_minute timestamptz;
    old_shard smallint;
    new_minute timestamptz;
    new_shard smallint;
BEGIN
    IF old_counted THEN
        old_minute := authorizer_token_expiry_minute(OLD.token_expires_at);
        old_shard := authorizer_counts_shard(OLD.authorizer_appid);
    END IF;
    IF new_counted THEN
        new_minute := authorizer_token_expiry_minute(NEW.token_expires_at);
        new_shard := authorizer_counts_shard(NEW.authorizer_appid);
    END IF;

    IF old_counted AND new_counted
        AND (OLD.service_id, OLD.component_appid, old_minute, old_shard) = (NEW.service_id, NEW.component_appid, new_minute, new_shard) THEN
        RETURN NULL;
    END IF;
    -- Two counter rows are taken in one order, the lower first, so two refreshes moving opposite ways never each hold
    -- the row the other waits for.
    IF old_counted AND (NOT new_counted
        OR (OLD.service_id, OLD.component_appid, old_minute, old_shard) < (NEW.service_id, NEW.component_appid, new_minute, new_shard)) THEN
        PERFORM authorizer_token_expiries_add(OLD.service_id, OLD.component_appid, old_minute, old_shard, -1);
        old_counted := false;
    END IF;
    IF new_counted THEN
        PERFORM authorizer_token_expiries_add(NEW.service_id, NEW.component_appid, new_minute, new_shard, 1);
    END IF;
    IF old_counted THEN
        PERFORM authorizer_token_expiries_add(OLD.service_id, OLD.component_appid, old_minute, old_shard, -1);
    END IF;
    RETURN NULL;
END;
$$;

-- Writers wait from here until the counts below are filled and the triggers are in place: no write falls between.
LOCK TABLE authorizer_index IN SHARE ROW EXCLUSIVE MODE;

CREATE TRIGGER authorizer_token_expiries_on_insert AFTER INSERT ON authorizer_index
    FOR EACH ROW WHEN (NEW.status = 0) EXECUTE FUNCTION authorizer_token_expiries_follow();

CREATE TRIGGER authorizer_token_expiries_on_delete AFTER DELETE ON authorizer_index
    FOR EACH ROW WHEN (OLD.status = 0) EXECUTE FUNCTION authorizer_token_expiries_follow();

CREATE TRIGGER authorizer_token_expiries_on_update
    AFTER UPDATE OF service_id, component_appid, authorizer_appid, status, token_expires_at ON authorizer_index
    FOR EACH ROW
    WHEN ((OLD.status = 0 OR NEW.status = 0)
        AND (OLD.service_id, OLD.component_appid, OLD.authorizer_appid, OLD.status, OLD.token_expires_at)
            IS DISTINCT FROM (NEW.service_id, NEW.component_appid, NEW.authorizer_appid, NEW.status, NEW.token_expires_at))
    EXECUTE FUNCTION authorizer_token_expiries_follow();

-- A database that already holds accounts starts with their expiries.
INSERT INTO authorizer_token_expiries (service_id, component_appid, expiry_minute, shard, accounts)
SELECT service_id, component_appid, authorizer_token_expiry_minute(token_expires_at), authorizer_counts_shard(authorizer_appid), count(*)
FROM authorizer_index
WHERE status = 0
GROUP BY 1, 2, 3, 4;
