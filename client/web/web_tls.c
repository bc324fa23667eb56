/*
 * web_tls: the web app's HTTPS key and certificate: the office's own files,
 * or a key made on the device once and a self-signed certificate for the
 * address it listens on, kept in the profile folder (ui-tls/).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <gnutls/crypto.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "lk_i18n.h"
#include "lk_util.h"
#include "web_tls.h"

#define CERT_DAYS (10 * 366) /* a certificate made here lasts ten years */

static int s_err(char *err, size_t n, const char *what, const char *detail)
{
	snprintf(err, n, "%s: %s", what, detail);
	return -1;
}

/* The whole file into *out (NUL-terminated, malloc'd); 0, -1 (errno set). */
static int s_read(const char *path, char **out, size_t *len)
{
	FILE *f = fopen(path, "rb");
	*out = NULL;
	if (f == NULL)
		return -1;
	size_t cap = 4096, n = 0;
	char *p = malloc(cap);
	for (size_t got; p && (got = fread(p + n, 1, cap - n - 1, f)) > 0;) {
		n += got;
		if (n + 1 >= cap) {
			char *q = realloc(p, cap *= 2);
			if (q == NULL) {
				free(p);
				p = NULL;
				break;
			}
			p = q;
		}
	}
	fclose(f);
	if (p == NULL) {
		errno = ENOMEM;
		return -1;
	}
	p[n] = '\0';
	*out = p;
	*len = n;
	return 0;
}

/* Write data to path through a temporary file and a rename, with mode. 0 or -1. */
static int s_write(const char *path, const void *data, size_t len, mode_t mode)
{
	char tmp[600];
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0)
		return -1;
	int ok = write(fd, data, len) == (ssize_t)len && fsync(fd) == 0;
	close(fd);
	if (!ok || rename(tmp, path) != 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* The certificate's SHA-256 fingerprint as "AB:CD:..." into fp. */
static int s_fingerprint(gnutls_x509_crt_t crt, char fp[WEB_TLS_FP_LEN])
{
	unsigned char md[32];
	size_t n = sizeof md;
	if (gnutls_x509_crt_get_fingerprint(crt, GNUTLS_DIG_SHA256, md, &n) < 0 || n != 32)
		return -1;
	for (size_t i = 0; i < n; i++)
		snprintf(fp + i * 3, 4, "%02X%s", md[i], i + 1 < n ? ":" : "");
	return 0;
}

/* 1 when the PEM certificate names ip as an address it is for and is valid now. */
static int s_cert_fits(const gnutls_datum_t *pem, const char *ip)
{
	gnutls_x509_crt_t crt;
	int fits = 0;
	if (gnutls_x509_crt_init(&crt) < 0)
		return 0;
	if (gnutls_x509_crt_import(crt, pem, GNUTLS_X509_FMT_PEM) >= 0) {
		time_t now = time(NULL);
		fits = gnutls_x509_crt_check_ip(crt, (const unsigned char *)ip, 4, 0) &&
		       gnutls_x509_crt_get_expiration_time(crt) > now + 86400 &&
		       gnutls_x509_crt_get_activation_time(crt) <= now;
	}
	gnutls_x509_crt_deinit(crt);
	return fits;
}

/* A self-signed certificate for ip (4 bytes) and name, signed by key, as PEM into out. */
static int s_make_cert(gnutls_x509_privkey_t key, const unsigned char ip[4], const char *name, gnutls_datum_t *out)
{
	gnutls_x509_crt_t crt;
	unsigned char serial[16];
	int rc;
	if (gnutls_x509_crt_init(&crt) < 0)
		return -1;
	gnutls_rnd(GNUTLS_RND_NONCE, serial, sizeof serial);
	serial[0] &= 0x7f; /* a positive number */
	time_t now = time(NULL);
	if ((rc = gnutls_x509_crt_set_version(crt, 3)) >= 0 && (rc = gnutls_x509_crt_set_serial(crt, serial, sizeof serial)) >= 0 &&
	    (rc = gnutls_x509_crt_set_activation_time(crt, now - 3600)) >= 0 &&
	    (rc = gnutls_x509_crt_set_expiration_time(crt, now + (time_t)CERT_DAYS * 86400)) >= 0 &&
	    (rc = gnutls_x509_crt_set_dn_by_oid(crt, GNUTLS_OID_X520_COMMON_NAME, 0, name, (unsigned)strlen(name))) >= 0 &&
	    (rc = gnutls_x509_crt_set_subject_alt_name(crt, GNUTLS_SAN_IPADDRESS, ip, 4, GNUTLS_FSAN_SET)) >= 0 &&
	    (rc = gnutls_x509_crt_set_key(crt, key)) >= 0 && (rc = gnutls_x509_crt_set_basic_constraints(crt, 0, -1)) >= 0 &&
	    (rc = gnutls_x509_crt_set_key_usage(crt, GNUTLS_KEY_DIGITAL_SIGNATURE)) >= 0 &&
	    (rc = gnutls_x509_crt_set_key_purpose_oid(crt, GNUTLS_KP_TLS_WWW_SERVER, 0)) >= 0 &&
	    (rc = gnutls_x509_crt_sign2(crt, crt, key, GNUTLS_DIG_SHA256, 0)) >= 0)
		rc = gnutls_x509_crt_export2(crt, GNUTLS_X509_FMT_PEM, out);
	gnutls_x509_crt_deinit(crt);
	return rc < 0 ? -1 : 0;
}

/* The device's key (made once, mode 0600) as PEM into *key_pem and as a key into key. */
static int s_key(const char *path, gnutls_x509_privkey_t key, char **key_pem, char *err, size_t n)
{
	size_t len;
	gnutls_datum_t d;
	if (s_read(path, key_pem, &len) == 0) {
		d.data = (unsigned char *)*key_pem;
		d.size = (unsigned)len;
		if (gnutls_x509_privkey_import(key, &d, GNUTLS_X509_FMT_PEM) < 0)
			return s_err(err, n, path, _("not a private key in PEM form"));
		return 0;
	}
	if (errno != ENOENT)
		return s_err(err, n, path, strerror(errno));
	if (gnutls_x509_privkey_generate(key, GNUTLS_PK_ECDSA, GNUTLS_CURVE_TO_BITS(GNUTLS_ECC_CURVE_SECP256R1), 0) < 0 ||
	    gnutls_x509_privkey_export2(key, GNUTLS_X509_FMT_PEM, &d) < 0)
		return s_err(err, n, path, _("cannot make a key"));
	int rc = s_write(path, d.data, d.size, 0600);
	if (rc == 0 && (*key_pem = strndup((const char *)d.data, d.size)) == NULL)
		rc = -1;
	gnutls_free(d.data);
	return rc == 0 ? 0 : s_err(err, n, path, strerror(errno));
}

int web_tls_prepare(const char *home, const char *ip, const char *cert_file, const char *key_file, const char *name,
                    struct web_tls *out, char *err, size_t errlen)
{
	gnutls_x509_privkey_t key = NULL;
	gnutls_x509_crt_t crt = NULL;
	gnutls_datum_t d = {NULL, 0};
	char dir[520], kpath[560], cpath[560];
	size_t len;
	int rc = -1;

	memset(out, 0, sizeof *out);
	if (gnutls_global_init() < 0)
		return s_err(err, errlen, "TLS", "gnutls_global_init");
	if (cert_file || key_file) {
		/* The office's own certificate (from the district's authority, say): used as it is. */
		if (!cert_file || !key_file) {
			s_err(err, errlen, "TLS", _("--tls-cert and --tls-key go together"));
			goto done;
		}
		if (s_read(cert_file, &out->cert_pem, &len) != 0) {
			s_err(err, errlen, cert_file, strerror(errno));
			goto done;
		}
		if (s_read(key_file, &out->key_pem, &len) != 0) {
			s_err(err, errlen, key_file, strerror(errno));
			goto done;
		}
	} else {
		unsigned char addr[4];
		if (inet_pton(AF_INET, ip, addr) != 1) {
			s_err(err, errlen, ip, _("not an IPv4 address"));
			goto done;
		}
		snprintf(dir, sizeof dir, "%s/ui-tls", home);
		if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
			s_err(err, errlen, dir, strerror(errno));
			goto done;
		}
		snprintf(kpath, sizeof kpath, "%s/key.pem", dir);
		snprintf(cpath, sizeof cpath, "%s/cert.pem", dir);
		if (gnutls_x509_privkey_init(&key) < 0 || s_key(kpath, key, &out->key_pem, err, errlen) != 0)
			goto done;
		/* The certificate is kept while it names this address and has a day left, so the
		 * fingerprint people checked stays the same; otherwise a new one for the same key. */
		if (s_read(cpath, &out->cert_pem, &len) == 0) {
			d.data = (unsigned char *)out->cert_pem;
			d.size = (unsigned)len;
			if (!s_cert_fits(&d, (const char *)addr)) {
				free(out->cert_pem);
				out->cert_pem = NULL;
			}
			d.data = NULL;
		}
		if (out->cert_pem == NULL) {
			if (s_make_cert(key, addr, name, &d) != 0 || s_write(cpath, d.data, d.size, 0644) != 0 ||
			    (out->cert_pem = strndup((const char *)d.data, d.size)) == NULL) {
				s_err(err, errlen, cpath, _("cannot make the certificate"));
				goto done;
			}
			out->made = 1;
		}
	}
	gnutls_datum_t pem = {(unsigned char *)out->cert_pem, (unsigned)strlen(out->cert_pem)};
	if (gnutls_x509_crt_init(&crt) < 0 || gnutls_x509_crt_import(crt, &pem, GNUTLS_X509_FMT_PEM) < 0 ||
	    s_fingerprint(crt, out->fingerprint) != 0) {
		s_err(err, errlen, cert_file ? cert_file : cpath, _("not a certificate in PEM form"));
		goto done;
	}
	rc = 0;
done:
	if (d.data)
		gnutls_free(d.data);
	if (crt)
		gnutls_x509_crt_deinit(crt);
	if (key)
		gnutls_x509_privkey_deinit(key);
	if (rc != 0)
		web_tls_free(out);
	gnutls_global_deinit();
	return rc;
}

void web_tls_free(struct web_tls *t)
{
	if (t->key_pem) {
		explicit_bzero(t->key_pem, strlen(t->key_pem));
		free(t->key_pem);
	}
	free(t->cert_pem);
	t->key_pem = t->cert_pem = NULL;
}
