-- Accounts per platform and status, so X-Total-Count and the status page's counts read a few rows instead of
-- counting the platform's index rows (count(*) took 234 ms per first page at 100,000 accounts).
--
-- Kept by triggers on authorizer_index, not by each statement that writes it: a trigger sees the row as the write
-- really changed it, after ON CONFLICT chose insert or update and after the stale-write guard let the update through
-- or not. So a write that changes nothing counts nothing, a status change moves one account from one count to the
-- other, a grain writing its row again on activation (after a silo died between its state write and its index
-- write) moves it only if the row was behind, and any writer, an operator's UPDATE included, keeps the counts exact.
-- The trigger runs in the writer's transaction: the counts commit or roll back with the row.
--
-- Each count is split into 16 shards by a hash of the appid. A counter row stays locked until its writer commits, so
-- one row per platform and status would queue every authorization of a platform behind the one before it, each
-- waiting for the other's commit to reach the disk; with shards, writers of different accounts seldom meet. Reads sum
-- the shards (at most 16 rows per status). A token refresh does not change the status and touches no counter.
CREATE TABLE authorizer_counts
(
    service_id      text     NOT NULL,
    component_appid text     NOT NULL,
    status          smallint NOT NULL,
    shard           smallint NOT NULL,
    accounts        bigint   NOT NULL,
    PRIMARY KEY (service_id, component_appid, status, shard)
);

-- Which shard counts an account. Only contention depends on it: reads sum every shard.
CREATE FUNCTION authorizer_counts_shard(authorizer_appid text) RETURNS smallint
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT (hashtext(authorizer_appid) & 15)::smallint $$;

CREATE FUNCTION authorizer_counts_add(service text, component text, account_status smallint, account text, delta bigint)
    RETURNS void LANGUAGE sql
    AS $$
    INSERT INTO authorizer_counts AS c (service_id, component_appid, status, shard, accounts)
    VALUES (service, component, account_status, authorizer_counts_shard(account), delta)
    ON CONFLICT (service_id, component_appid, status, shard) DO UPDATE SET accounts = c.accounts + excluded.accounts
    $$;

CREATE FUNCTION authorizer_counts_follow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        PERFORM authorizer_counts_add(NEW.service_id, NEW.component_appid, NEW.status, NEW.authorizer_appid, 1);
    ELSIF TG_OP = 'DELETE' THEN
        PERFORM authorizer_counts_add(OLD.service_id, OLD.component_appid, OLD.status, OLD.authorizer_appid, -1);
    -- An update takes its two counter rows in one order, the lower first, so two accounts moving opposite ways
    -- (one revoked while another authorizes again) never each hold the row the other waits for.
    ELSIF (OLD.service_id, OLD.component_appid, OLD.status, authorizer_counts_shard(OLD.authorizer_appid))
        < (NEW.service_id, NEW.component_appid, NEW.status, authorizer_counts_shard(NEW.authorizer_appid)) THEN
        PERFORM authorizer_counts_add(OLD.service_id, OLD.component_appid, OLD.status, OLD.authorizer_appid, -1);
        PERFORM authorizer_counts_add(NEW.service_id, NEW.component_appid, NEW.status, NEW.authorizer_appid, 1);
    ELSE
        PERFORM authorizer_counts_add(NEW.service_id, NEW.component_appid, NEW.status, NEW.authorizer_appid, 1);
        PERFORM authorizer_counts_add(OLD.service_id, OLD.component_appid, OLD.status, OLD.authorizer_appid, -1);
    END IF;
    RETURN NULL;
END;
$$;

-- Writers wait from here until the counts below are filled and the triggers are in place: no write falls between.
LOCK TABLE authorizer_index IN SHARE ROW EXCLUSIVE MODE;

CREATE TRIGGER authorizer_counts_on_insert AFTER INSERT ON authorizer_index
    FOR EACH ROW EXECUTE FUNCTION authorizer_counts_follow();

CREATE TRIGGER authorizer_counts_on_delete AFTER DELETE ON authorizer_index
    FOR EACH ROW EXECUTE FUNCTION authorizer_counts_follow();

-- Most updates are refreshes (a new token expiry): the condition skips them without calling the function.
CREATE TRIGGER authorizer_counts_on_update AFTER UPDATE OF service_id, component_appid, authorizer_appid, status ON authorizer_index
    FOR EACH ROW
    WHEN ((OLD.service_id, OLD.component_appid, OLD.authorizer_appid, OLD.status) IS DISTINCT FROM (NEW.service_id, NEW.component_appid, NEW.authorizer_appid, NEW.status))
    EXECUTE FUNCTION authorizer_counts_follow();

-- A database that already holds accounts starts with their counts.
INSERT INTO authorizer_counts (service_id, component_appid, status, shard, accounts)
SELECT service_id, component_appid, status, authorizer_counts_shard(authorizer_appid), count(*)
FROM authorizer_index
GROUP BY 1, 2, 3, 4;
