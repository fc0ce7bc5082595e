-- The SQL Orleans' ADO.NET providers run, keyed by the names they look up in OrleansQuery. Parameters are cast
-- explicitly: a NULL parameter carries no type of its own.

-- Clustering ---------------------------------------------------------------------------------------------------

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', $q$
    WITH inserted AS (
        INSERT INTO orleans_membership_version (deployment_id)
        VALUES (CAST(@DeploymentId AS text))
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT count(*) > 0 FROM inserted;
$q$),

-- A membership write succeeds only if the table version is still the one the silo read, and bumps it.
('InsertMembershipKey', $q$
    WITH bumped AS (
        UPDATE orleans_membership_version v
        SET version = v.version + 1, changed_at = now()
        WHERE v.deployment_id = CAST(@DeploymentId AS text)
          AND v.version = CAST(@Version AS integer)
          AND NOT EXISTS (
              SELECT 1 FROM orleans_membership m
              WHERE m.deployment_id = v.deployment_id
                AND m.address = CAST(@Address AS text)
                AND m.port = CAST(@Port AS integer)
                AND m.generation = CAST(@Generation AS integer))
        RETURNING v.deployment_id),
    inserted AS (
        INSERT INTO orleans_membership
            (deployment_id, address, port, generation, silo_name, host_name, status, proxy_port, start_time, i_am_alive_time)
        SELECT deployment_id, CAST(@Address AS text), CAST(@Port AS integer), CAST(@Generation AS integer),
               CAST(@SiloName AS text), CAST(@HostName AS text), CAST(@Status AS integer), CAST(@ProxyPort AS integer),
               CAST(@StartTime AS timestamptz), CAST(@IAmAliveTime AS timestamptz)
        FROM bumped
        ON CONFLICT DO NOTHING
        RETURNING 1)
    SELECT count(*) > 0 FROM inserted;
$q$),

('UpdateMembershipKey', $q$
    WITH bumped AS (
        UPDATE orleans_membership_version v
        SET version = v.version + 1, changed_at = now()
        WHERE v.deployment_id = CAST(@DeploymentId AS text)
          AND v.version = CAST(@Version AS integer)
          AND EXISTS (
              SELECT 1 FROM orleans_membership m
              WHERE m.deployment_id = v.deployment_id
                AND m.address = CAST(@Address AS text)
                AND m.port = CAST(@Port AS integer)
                AND m.generation = CAST(@Generation AS integer))
        RETURNING v.deployment_id),
    updated AS (
        UPDATE orleans_membership m
        SET status = CAST(@Status AS integer),
            suspect_times = CAST(@SuspectTimes AS text),
            i_am_alive_time = GREATEST(m.i_am_alive_time, CAST(@IAmAliveTime AS timestamptz))
        FROM bumped b
        WHERE m.deployment_id = b.deployment_id
          AND m.address = CAST(@Address AS text)
          AND m.port = CAST(@Port AS integer)
          AND m.generation = CAST(@Generation AS integer)
        RETURNING 1)
    SELECT count(*) > 0 FROM updated;
$q$),

-- Heartbeats leave the table version alone, so they never invalidate a membership write in flight.
('UpdateIAmAlivetimeKey', $q$
    UPDATE orleans_membership
    SET i_am_alive_time = GREATEST(i_am_alive_time, CAST(@IAmAliveTime AS timestamptz))
    WHERE deployment_id = CAST(@DeploymentId AS text)
      AND address = CAST(@Address AS text)
      AND port = CAST(@Port AS integer)
      AND generation = CAST(@Generation AS integer);
$q$),

('GatewaysQueryKey', $q$
    SELECT address AS Address, proxy_port AS ProxyPort, generation AS Generation
    FROM orleans_membership
    WHERE deployment_id = CAST(@DeploymentId AS text)
      AND status = CAST(@Status AS integer)
      AND proxy_port > 0;
$q$),

-- The version row always comes back, with the silo's row when there is one.
('MembershipReadRowKey', $q$
    SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
           m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
           v.version AS Version
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m
           ON m.deployment_id = v.deployment_id
          AND m.address = CAST(@Address AS text)
          AND m.port = CAST(@Port AS integer)
          AND m.generation = CAST(@Generation AS integer)
    WHERE v.deployment_id = CAST(@DeploymentId AS text);
$q$),

('MembershipReadAllKey', $q$
    SELECT v.deployment_id AS DeploymentId, m.address AS Address, m.port AS Port, m.generation AS Generation,
           m.silo_name AS SiloName, m.host_name AS HostName, m.status AS Status, m.proxy_port AS ProxyPort,
           m.suspect_times AS SuspectTimes, m.start_time AS StartTime, m.i_am_alive_time AS IAmAliveTime,
           v.version AS Version
    FROM orleans_membership_version v
    LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
    WHERE v.deployment_id = CAST(@DeploymentId AS text);
$q$),

('DeleteMembershipTableEntriesKey', $q$
    DELETE FROM orleans_membership_version WHERE deployment_id = CAST(@DeploymentId AS text);
$q$),

-- Status 6 is SiloStatus.Dead.
('CleanupDefunctSiloEntriesKey', $q$
    DELETE FROM orleans_membership
    WHERE deployment_id = CAST(@DeploymentId AS text)
      AND status = 6
      AND i_am_alive_time < CAST(@IAmAliveTime AS timestamptz)
      AND start_time < CAST(@IAmAliveTime AS timestamptz);
$q$),

-- Deletes one dead silo's row only if nothing about it changed since the cleaner read it.
('CleanupDefunctSiloEntryKey', $q$
    DELETE FROM orleans_membership
    WHERE deployment_id = CAST(@DeploymentId AS text)
      AND status = 6
      AND address = CAST(@Address AS text)
      AND port = CAST(@Port AS integer)
      AND generation = CAST(@Generation AS integer)
      AND i_am_alive_time = CAST(@IAmAliveTime AS timestamptz)
      AND start_time = CAST(@StartTime AS timestamptz)
      AND suspect_times IS NOT DISTINCT FROM CAST(@SuspectTimes AS text);
$q$);

-- Reminders ----------------------------------------------------------------------------------------------------

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('UpsertReminderRowKey', $q$
    INSERT INTO orleans_reminders (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
    VALUES (CAST(@ServiceId AS text), CAST(@GrainId AS text), CAST(@ReminderName AS text),
            CAST(@StartTime AS timestamptz), CAST(@Period AS bigint), CAST(@GrainHash AS integer), 0)
    ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
    SET start_time = EXCLUDED.start_time,
        period = EXCLUDED.period,
        grain_hash = EXCLUDED.grain_hash,
        version = orleans_reminders.version + 1
    RETURNING version AS Version;
$q$),

('ReadReminderRowsKey', $q$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
    FROM orleans_reminders
    WHERE service_id = CAST(@ServiceId AS text) AND grain_id = CAST(@GrainId AS text);
$q$),

('ReadReminderRowKey', $q$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
    FROM orleans_reminders
    WHERE service_id = CAST(@ServiceId AS text)
      AND grain_id = CAST(@GrainId AS text)
      AND reminder_name = CAST(@ReminderName AS text);
$q$),

-- A silo's slice of the ring, (BeginHash, EndHash]; ...Rows2 is the slice that wraps around.
('ReadRangeRows1Key', $q$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
    FROM orleans_reminders
    WHERE service_id = CAST(@ServiceId AS text)
      AND grain_hash > CAST(@BeginHash AS integer)
      AND grain_hash <= CAST(@EndHash AS integer);
$q$),

('ReadRangeRows2Key', $q$
    SELECT grain_id AS GrainId, reminder_name AS ReminderName, start_time AS StartTime, period AS Period, version AS Version
    FROM orleans_reminders
    WHERE service_id = CAST(@ServiceId AS text)
      AND (grain_hash > CAST(@BeginHash AS integer) OR grain_hash <= CAST(@EndHash AS integer));
$q$),

('DeleteReminderRowKey', $q$
    WITH deleted AS (
        DELETE FROM orleans_reminders
        WHERE service_id = CAST(@ServiceId AS text)
          AND grain_id = CAST(@GrainId AS text)
          AND reminder_name = CAST(@ReminderName AS text)
          AND version = CAST(@Version AS integer)
        RETURNING 1)
    SELECT count(*) > 0 FROM deleted;
$q$),

('DeleteReminderRowsKey', $q$
    DELETE FROM orleans_reminders WHERE service_id = CAST(@ServiceId AS text);
$q$);

-- Grain state --------------------------------------------------------------------------------------------------

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('ReadFromStorageKey', $q$
    SELECT payload AS PayloadBinary, version AS Version
    FROM orleans_storage
    WHERE grain_id_hash = CAST(@GrainIdHash AS integer)
      AND grain_type_hash = CAST(@GrainTypeHash AS integer)
      AND service_id = CAST(@ServiceId AS text)
      AND grain_id_n0 = CAST(@GrainIdN0 AS bigint)
      AND grain_id_n1 = CAST(@GrainIdN1 AS bigint)
      AND grain_type = CAST(@GrainTypeString AS text)
      AND grain_id_extension IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS text);
$q$),

-- The first write inserts version 1; later writes need the version the grain read. When nothing was written the
-- grain's own version comes back (NULL for a first write), which the provider reports as a conflict.
('WriteToStorageKey', $q$
    WITH updated AS (
        UPDATE orleans_storage
        SET payload = CAST(@PayloadBinary AS bytea), version = version + 1, modified_at = now()
        WHERE CAST(@GrainStateVersion AS integer) IS NOT NULL
          AND version = CAST(@GrainStateVersion AS integer)
          AND grain_id_hash = CAST(@GrainIdHash AS integer)
          AND grain_type_hash = CAST(@GrainTypeHash AS integer)
          AND service_id = CAST(@ServiceId AS text)
          AND grain_id_n0 = CAST(@GrainIdN0 AS bigint)
          AND grain_id_n1 = CAST(@GrainIdN1 AS bigint)
          AND grain_type = CAST(@GrainTypeString AS text)
          AND grain_id_extension IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS text)
        RETURNING version),
    inserted AS (
        INSERT INTO orleans_storage
            (grain_id_hash, grain_id_n0, grain_id_n1, grain_type_hash, grain_type, grain_id_extension, service_id, payload, version)
        SELECT CAST(@GrainIdHash AS integer), CAST(@GrainIdN0 AS bigint), CAST(@GrainIdN1 AS bigint),
               CAST(@GrainTypeHash AS integer), CAST(@GrainTypeString AS text), CAST(@GrainIdExtensionString AS text),
               CAST(@ServiceId AS text), CAST(@PayloadBinary AS bytea), 1
        WHERE CAST(@GrainStateVersion AS integer) IS NULL
        ON CONFLICT DO NOTHING
        RETURNING version)
    SELECT COALESCE((SELECT version FROM updated), (SELECT version FROM inserted), CAST(@GrainStateVersion AS integer))
           AS NewGrainStateVersion;
$q$),

('ClearStorageKey', $q$
    WITH cleared AS (
        UPDATE orleans_storage
        SET payload = NULL, version = version + 1, modified_at = now()
        WHERE version = CAST(@GrainStateVersion AS integer)
          AND grain_id_hash = CAST(@GrainIdHash AS integer)
          AND grain_type_hash = CAST(@GrainTypeHash AS integer)
          AND service_id = CAST(@ServiceId AS text)
          AND grain_id_n0 = CAST(@GrainIdN0 AS bigint)
          AND grain_id_n1 = CAST(@GrainIdN1 AS bigint)
          AND grain_type = CAST(@GrainTypeString AS text)
          AND grain_id_extension IS NOT DISTINCT FROM CAST(@GrainIdExtensionString AS text)
        RETURNING version)
    SELECT COALESCE((SELECT version FROM cleared), CAST(@GrainStateVersion AS integer)) AS NewGrainStateVersion;
$q$);
