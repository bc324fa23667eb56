/* lk_error: the one table of error codes used in return values, on the wire and in messages. */
#ifndef LK_ERROR_H
#define LK_ERROR_H

#ifndef N_
#define N_(s) s /* marks text for xgettext; lk_i18n.h defines the same */
#endif

/*
 * X(symbol, wire code, stable name, default message). Wire codes are part of
 * the protocol: never renumber or reuse one (docs/protocol.md lists them).
 * Functions return 0 or the negated code, e.g. -LK_EPERM.
 */
#define LK_ERRORS(X)                                                                      \
	X(LK_OK, 0, "OK", N_("success"))                                                          \
	X(LK_EBADREQ, 1, "BAD_REQUEST", N_("the request could not be decoded"))                   \
	X(LK_EVERSION, 2, "UNSUPPORTED_VERSION", N_("unsupported protocol version"))              \
	X(LK_ETOOBIG, 3, "TOO_LARGE", N_("message or field too large"))                           \
	X(LK_EFRAMES, 4, "TOO_MANY_FRAMES", N_("a request must be exactly one frame"))            \
	X(LK_EUNAUTH, 5, "NOT_ENROLLED", N_("this device is not enrolled; only Enroll is allowed")) \
	X(LK_EREVOKED, 6, "DEVICE_REVOKED", N_("this device has been revoked"))                   \
	X(LK_EPERM, 7, "PERMISSION_DENIED", N_("the device's role does not allow this"))          \
	X(LK_ESCOPE, 8, "OUT_OF_SCOPE", N_("the record is outside the device's scope"))           \
	X(LK_ENOTFOUND, 9, "NOT_FOUND", N_("not found"))                                          \
	X(LK_EINVAL, 10, "INVALID_ARGUMENT", N_("invalid argument"))                              \
	X(LK_ETOKEN, 11, "TOKEN_INVALID", N_("unknown enrollment token"))                         \
	X(LK_ETOKENUSED, 12, "TOKEN_USED", N_("the enrollment token has already been used"))      \
	X(LK_ETOKENEXP, 13, "TOKEN_EXPIRED", N_("the enrollment token has expired"))              \
	X(LK_EROLE, 14, "ROLE_MISMATCH", N_("the token is for another role or scope"))            \
	X(LK_EENROLLED, 15, "ALREADY_ENROLLED", N_("this key is already enrolled"))               \
	X(LK_ECONFLICT, 16, "CONFLICT", N_("conflicting change"))                                 \
	X(LK_EBUSY, 17, "BUSY", N_("the server is overloaded; retry later"))                      \
	X(LK_EINTERNAL, 18, "INTERNAL", N_("internal server error"))                              \
	X(LK_EUNAVAIL, 19, "UNAVAILABLE", N_("the database is unavailable"))                      \
	X(LK_ETIMEDOUT, 20, "TIMEOUT", N_("no reply in time"))                                    \
	X(LK_ESCHEMA, 21, "SCHEMA_MISMATCH", N_("database schema version mismatch"))              \
	X(LK_EIO, 22, "IO_ERROR", N_("input/output error"))                                       \
	X(LK_ENOMEM, 23, "OUT_OF_MEMORY", N_("out of memory"))                                    \
	X(LK_ECONFIG, 24, "CONFIG_ERROR", N_("configuration error"))                              \
	X(LK_EUNREACH, 25, "UNREACHABLE", N_("the server could not be reached"))                  \
	X(LK_EAUTHFAIL, 26, "AUTH_FAILED", N_("the server refused this device's key"))            \
	X(LK_EEXIST, 27, "ALREADY_EXISTS", N_("already exists"))                                  \
	X(LK_ESHUTDOWN, 28, "SHUTTING_DOWN", N_("the server is shutting down"))                   \
	X(LK_ECRYPTO, 29, "CRYPTO_ERROR", N_("cryptographic operation failed"))                   \
	X(LK_EQUOTA, 30, "QUOTA_EXCEEDED", N_("the device's upload quota is used up"))            \
	X(LK_ERATELIMIT, 31, "RATE_LIMITED", N_("too many attempts from this address; wait and retry")) \
	X(LK_EACTOR, 32, "UNKNOWN_ACTOR", N_("the person named as the change's author is not a person of this device's office"))

enum lk_error {
#define LK_X_ENUM(sym, code, name, msg) sym = code,
	LK_ERRORS(LK_X_ENUM)
#undef LK_X_ENUM
	LK_ERROR_MAX
};

/* Default message for a code (positive or negated); never NULL, static storage. */
const char *lk_strerror(int code);
/* Stable symbolic name, e.g. "PERMISSION_DENIED"; "UNKNOWN" for codes not in the table. */
const char *lk_error_name(int code);
/* Code for a symbolic name, or -1. */
int lk_error_from_name(const char *name);

#endif
