-- Tables behind Orleans' ADO.NET providers: membership (clustering), reminders and grain state.
-- Column names are what the providers read back (case-insensitively), in PostgreSQL's lower case.

CREATE TABLE OrleansQuery
(
    QueryKey  text PRIMARY KEY,
    QueryText text NOT NULL
);

-- One row per cluster: the membership table's version, bumped by every membership write.
CREATE TABLE orleans_membership_version
(
    deployment_id text PRIMARY KEY,
    version       integer NOT NULL DEFAULT 0,
    changed_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orleans_membership
(
    deployment_id  text        NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
    address        text        NOT NULL,
    port           integer     NOT NULL,
    generation     integer     NOT NULL,
    silo_name      text        NOT NULL,
    host_name      text        NOT NULL,
    status         integer     NOT NULL,
    proxy_port     integer     NOT NULL,
    suspect_times  text,
    start_time     timestamptz NOT NULL,
    i_am_alive_time timestamptz NOT NULL,
    PRIMARY KEY (deployment_id, address, port, generation)
);

CREATE TABLE orleans_reminders
(
    service_id    text        NOT NULL,
    grain_id      text        NOT NULL,
    reminder_name text        NOT NULL,
    start_time    timestamptz NOT NULL,
    period        bigint      NOT NULL,
    grain_hash    integer     NOT NULL,
    version       integer     NOT NULL,
    PRIMARY KEY (service_id, grain_id, reminder_name)
);

-- A silo's reminder service reads its slice of the hash ring.
CREATE INDEX orleans_reminders_by_hash ON orleans_reminders (service_id, grain_hash);

CREATE TABLE orleans_storage
(
    grain_id_hash             integer     NOT NULL,
    grain_id_n0               bigint      NOT NULL,
    grain_id_n1               bigint      NOT NULL,
    grain_type_hash           integer     NOT NULL,
    grain_type                text        NOT NULL,
    grain_id_extension        text,
    service_id                text        NOT NULL,
    payload                   bytea,
    version                   integer     NOT NULL,
    modified_at               timestamptz NOT NULL DEFAULT now()
);

-- One row per grain identity. Without it, two activations racing on a grain's first write both insert, and the
-- grain can never be read again. NULLS NOT DISTINCT: a grain keyed without a key extension stores NULL there,
-- and NULL must still collide with NULL.
CREATE UNIQUE INDEX orleans_storage_identity ON orleans_storage
    (grain_id_hash, grain_type_hash, service_id, grain_id_n0, grain_id_n1, grain_type, grain_id_extension)
    NULLS NOT DISTINCT;
