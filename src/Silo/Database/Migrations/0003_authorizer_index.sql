-- The platform's authorizer index: one row per account, written by the account's grain, so authorizing, revoking
-- or refreshing one account never rewrites a platform-wide row. No token or secret is stored here.
-- COLLATE "C": appids sort and page byte-wise, as the API's `after` cursor and the in-memory index do.
CREATE TABLE authorizer_index
(
    service_id       text                 NOT NULL,
    component_appid  text                 NOT NULL,
    authorizer_appid text COLLATE "C"     NOT NULL,
    status           smallint             NOT NULL,
    permission_sets  integer[]            NOT NULL,
    token_expires_at timestamptz,
    nick_name        text,
    user_name        text,
    is_mini_program  boolean,
    last_problem     text,
    authorized_at    timestamptz,
    updated_at       timestamptz          NOT NULL,
    -- When a reconciliation with WeChat's authorizer list last saw the account.
    listed_at        timestamptz,
    PRIMARY KEY (service_id, component_appid, authorizer_appid)
);

-- Paging with a status filter, and counting per status, without reading other statuses' rows.
CREATE INDEX authorizer_index_by_status ON authorizer_index (service_id, component_appid, status, authorizer_appid);

-- Authorization codes already exchanged (a redirect and an authorized event carry the same code): a day of them.
CREATE TABLE authorization_codes
(
    service_id       text        NOT NULL,
    component_appid  text        NOT NULL,
    code_sha256      bytea       NOT NULL,
    authorizer_appid text        NOT NULL,
    exchanged_at     timestamptz NOT NULL,
    PRIMARY KEY (service_id, component_appid, code_sha256)
);

CREATE INDEX authorization_codes_by_age ON authorization_codes (exchanged_at);

-- Refreshes, failures and reminder ticks per platform and minute, added to by every silo; the status page reads recent hours.
CREATE TABLE token_activity
(
    service_id      text        NOT NULL,
    component_appid text        NOT NULL,
    minute          timestamptz NOT NULL,
    refreshes       bigint      NOT NULL,
    failures        bigint      NOT NULL,
    ticks           bigint      NOT NULL,
    PRIMARY KEY (service_id, component_appid, minute)
);
