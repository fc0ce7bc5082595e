-- Starting a campaign with an Idempotency-Key (#22): the key and the fingerprint (SHA-256, hex) of what that start
-- asked for, on the campaign's row. A platform's key names at most one campaign: a repeat finds it here in the
-- transaction that would have stored a second one.
ALTER TABLE release_campaigns ADD COLUMN idempotency_key text, ADD COLUMN spec_sha256 text;

CREATE UNIQUE INDEX release_campaigns_idempotency ON release_campaigns (service_id, component_appid, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
