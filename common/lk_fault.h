/* lk_fault: fault-injection points for tests, switched on only by LOKMIN_FAULT. */
#ifndef LK_FAULT_H
#define LK_FAULT_H

/* LOKMIN_FAULT is read once, on the first call of either function:
 * "name:N[,name:N...]" (at most 4 points, names up to 31 bytes). Unset or
 * empty, every point is off. */

/* The LOKMIN_FAULT text when some point is on (for a warning at start), or NULL. */
const char *lk_fault_spec(void);

/* Count one pass through the point called name. Returns 1 from the pass after
 * the N-th on (name:N lets N passes through unharmed), 0 otherwise and always
 * when the point is off. Thread-safe. */
int lk_fault_hit(const char *name);

#endif
