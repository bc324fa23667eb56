-- 0021_instances: each running lokmind writes its row here every few seconds (server/instance.c), so
-- `lokmind status` lists the instances serving this database, with their connections and queue.
CREATE TABLE lokmind_instance (
    id           uuid PRIMARY KEY,
    host         text NOT NULL,
    pid          integer NOT NULL,
    bind         text NOT NULL,
    version      text NOT NULL,
    started_at   timestamptz NOT NULL,
    seen_at      timestamptz NOT NULL,
    connections  integer NOT NULL DEFAULT 0,
    queue_depth  integer NOT NULL DEFAULT 0,
    requests     bigint NOT NULL DEFAULT 0
);
