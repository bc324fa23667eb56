/* web_tls: the key and certificate `lokmin ui` serves HTTPS with on the office's network. */
#ifndef LK_WEB_TLS_H
#define LK_WEB_TLS_H

#include <stddef.h>

#define WEB_TLS_FP_LEN 96 /* "AB:CD:..." of a SHA-256 fingerprint, with its NUL */

struct web_tls {
	char *key_pem;   /* malloc'd; wiped by web_tls_free */
	char *cert_pem;  /* malloc'd */
	char fingerprint[WEB_TLS_FP_LEN]; /* SHA-256 of the certificate, for people to compare */
	int made;        /* a new certificate was made this time */
};

/*
 * The key and certificate to serve HTTPS on ip: the office's own files when
 * cert_file and key_file are given; else the device's key (home/ui-tls/key.pem,
 * made once, mode 0600) with a self-signed certificate for ip named name
 * (home/ui-tls/cert.pem, kept while it fits ip and is valid, else made anew).
 * 0, or -1 with the reason in err.
 */
int web_tls_prepare(const char *home, const char *ip, const char *cert_file, const char *key_file, const char *name,
                    struct web_tls *out, char *err, size_t errlen);
void web_tls_free(struct web_tls *t);

#endif
