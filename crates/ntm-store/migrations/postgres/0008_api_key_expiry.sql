-- API keys expire and can be revoked (revoked_at, set once; who revoked a
-- key and when is in the audit trail). Keys made before keys expired get a
-- year from their creation.
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
UPDATE api_tokens
   SET expires_at = to_char((created_at::timestamptz + interval '365 days') AT TIME ZONE 'UTC',
                            'YYYY-MM-DD"T"HH24:MI:SS"Z"')
 WHERE expires_at IS NULL;
CREATE INDEX api_tokens_user ON api_tokens(user_id);
