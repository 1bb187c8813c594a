-- The first schema: jobs, the model-call cache, API keys, stories.
-- Written once for both SQLite and PostgreSQL: TEXT, INTEGER, BIGINT and DOUBLE
-- PRECISION mean the same in both; times are seconds since the epoch (UTC); JSON is TEXT.

CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    request TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    result TEXT,
    error TEXT,
    progress_done INTEGER NOT NULL DEFAULT 0,
    progress_total INTEGER NOT NULL DEFAULT 0,
    progress_stage TEXT,
    callback_url TEXT,
    delivery_status TEXT,
    delivery_attempts INTEGER NOT NULL DEFAULT 0,
    delivery_code INTEGER,
    delivery_error TEXT,
    delivery_taken DOUBLE PRECISION,
    delivered DOUBLE PRECISION,
    idempotency_scope TEXT,
    idempotency_key TEXT,
    key_id TEXT,
    story_id TEXT,
    story_revision INTEGER,
    cancel_requested INTEGER NOT NULL DEFAULT 0,
    attempts INTEGER NOT NULL DEFAULT 0,
    worker_id TEXT,
    lease_until DOUBLE PRECISION,
    created DOUBLE PRECISION NOT NULL,
    updated DOUBLE PRECISION NOT NULL
);

CREATE UNIQUE INDEX jobs_idempotency ON jobs (idempotency_scope, idempotency_key);

CREATE INDEX jobs_claim ON jobs (status, created);

CREATE INDEX jobs_story ON jobs (story_id, story_revision);

CREATE INDEX jobs_delivery ON jobs (delivery_status);

CREATE TABLE call_cache (
    key TEXT PRIMARY KEY,
    completion TEXT NOT NULL,
    model TEXT,
    created DOUBLE PRECISION NOT NULL
);

CREATE TABLE api_keys (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    secret_hash TEXT NOT NULL,
    created DOUBLE PRECISION NOT NULL,
    revoked DOUBLE PRECISION
);

CREATE TABLE stories (
    id TEXT PRIMARY KEY,
    revision INTEGER NOT NULL,
    title TEXT,
    updated DOUBLE PRECISION NOT NULL
);

CREATE TABLE story_articles (
    story_id TEXT NOT NULL,
    article_id TEXT NOT NULL,
    content_hash TEXT NOT NULL,
    article TEXT NOT NULL,
    revision INTEGER NOT NULL,
    position INTEGER NOT NULL,
    updated DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (story_id, article_id)
);

CREATE TABLE story_versions (
    story_id TEXT NOT NULL,
    version INTEGER NOT NULL,
    revision INTEGER NOT NULL,
    article_hashes TEXT NOT NULL,
    summary TEXT NOT NULL,
    changes TEXT NOT NULL,
    job_id TEXT,
    created DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (story_id, version)
);
