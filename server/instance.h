/* instance: this lokmind's row in lokmind_instance, kept fresh every few seconds, and its metrics over HTTP. */
#ifndef LK_INSTANCE_H
#define LK_INSTANCE_H

struct srv;
struct instance;

/* How often the row is written and the database checked. */
#define INSTANCE_BEAT_MS 5000
/* A row not written for this long belongs to an instance that is gone (lokmind status). */
#define INSTANCE_GONE_S 30

/* Start the heartbeat thread (its own database connection) and, when metrics_bind is set, the metrics
 * endpoint. NULL with a logged reason (the endpoint could not listen, or out of memory). */
struct instance *instance_start(struct srv *s);
/* Stop both, and remove the row: a clean stop is not a lost instance. */
void instance_stop(struct instance **ip);

#endif
