/* zipfile: files gathered in memory and written out as one ZIP archive through libzip's buffer source. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <zip.h>

#include "lk_util.h"
#include "zipfile.h"

struct rd_zip {
	zip_source_t *src; /* the archive's bytes; kept open after zip_close to read them back */
	zip_t *za;
	char error[200];
};

static int s_fail(struct rd_zip *z, const char *what, zip_error_t *e)
{
	snprintf(z->error, sizeof z->error, "%s: %s", what, e ? zip_error_strerror(e) : "out of memory");
	return -1;
}

struct rd_zip *rd_zip_new(void)
{
	struct rd_zip *z = calloc(1, sizeof *z);
	zip_error_t e;
	if (z == NULL)
		return NULL;
	zip_error_init(&e);
	if ((z->src = zip_source_buffer_create(NULL, 0, 0, &e)) == NULL)
		goto fail;
	zip_source_keep(z->src); /* zip_close would free it otherwise, and the bytes with it */
	if ((z->za = zip_open_from_source(z->src, ZIP_TRUNCATE, &e)) == NULL)
		goto fail;
	zip_error_fini(&e);
	return z;
fail:
	zip_error_fini(&e);
	rd_zip_free(&z);
	return NULL;
}

/* Already compressed content gains nothing from deflate. */
static int s_packed(const char *name)
{
	static const char *const exts[] = {".jpg", ".jpeg", ".png", ".webp", ".gif", ".pdf", ".zip"};
	const char *dot = strrchr(name, '.');
	for (size_t i = 0; dot && i < LK_ARRAY_LEN(exts); i++)
		if (!strcasecmp(dot, exts[i]))
			return 1;
	return 0;
}

int rd_zip_add(struct rd_zip *z, const char *name, const void *data, size_t len)
{
	void *copy = malloc(len ? len : 1);
	if (copy == NULL)
		return s_fail(z, name, NULL);
	memcpy(copy, data, len);
	/* freep 1: libzip frees the copy once the archive is written. */
	zip_source_t *s = zip_source_buffer(z->za, copy, len, 1);
	if (s == NULL) {
		free(copy);
		return s_fail(z, name, zip_get_error(z->za));
	}
	zip_int64_t i = zip_file_add(z->za, name, s, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
	if (i < 0) {
		zip_source_free(s);
		return s_fail(z, name, zip_get_error(z->za));
	}
	if (s_packed(name))
		zip_set_file_compression(z->za, (zip_uint64_t)i, ZIP_CM_STORE, 0);
	return 0;
}

int rd_zip_finish(struct rd_zip *z, char **out, size_t *len)
{
	zip_stat_t st;
	*out = NULL;
	*len = 0;
	if (zip_close(z->za) != 0)
		return s_fail(z, "zip_close", zip_get_error(z->za));
	z->za = NULL;
	zip_stat_init(&st);
	if (zip_source_stat(z->src, &st) != 0 || !(st.valid & ZIP_STAT_SIZE) || zip_source_open(z->src) != 0)
		return s_fail(z, "zip_source", zip_source_error(z->src));
	char *buf = malloc(st.size ? st.size : 1);
	zip_int64_t got = buf ? zip_source_read(z->src, buf, st.size) : -1;
	zip_source_close(z->src);
	if (got < 0 || (zip_uint64_t)got != st.size) {
		free(buf);
		return s_fail(z, "zip_source_read", buf ? zip_source_error(z->src) : NULL);
	}
	*out = buf;
	*len = (size_t)st.size;
	return 0;
}

const char *rd_zip_error(const struct rd_zip *z)
{
	return z ? z->error : "";
}

void rd_zip_free(struct rd_zip **z)
{
	if (z == NULL || *z == NULL)
		return;
	if ((*z)->za)
		zip_discard((*z)->za);
	if ((*z)->src)
		zip_source_free((*z)->src);
	free(*z);
	*z = NULL;
}
