-- API keys expire and can be revoked (revoked_at, set once; who revoked a
-- key and when is in the audit trail). Keys made before keys expired get a
-- year from their creation.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
UPDATE api_tokens
   SET expires_at = strftime('%Y-%m-%dT%H:%M:%SZ', created_at, '+365 days')
 WHERE expires_at IS NULL;
CREATE INDEX api_tokens_user ON api_tokens(user_id);
