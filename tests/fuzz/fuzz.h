/* fuzz.h: small helpers shared by the libFuzzer targets: NUL-terminated copies and strict checks. */
#ifndef LK_FUZZ_H
#define LK_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <unistd.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A property that must hold: print it and abort, so libFuzzer saves the input as a crash. */
#define FZ_CHECK(cond, ...)                                                   \
	do {                                                                  \
		if (!(cond)) {                                                \
			fprintf(stderr, "fuzz property failed: %s\n  ", #cond); \
			fprintf(stderr, __VA_ARGS__);                         \
			fprintf(stderr, "\n");                                \
			abort();                                              \
		}                                                             \
	} while (0)

/* The bytes as a malloc'd C string (stops at the first NUL, as C callers would). */
static inline char *fz_text(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);
	if (s == NULL)
		abort();
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

static char fz_tmp[256];

/* Remove path and what is under it (the folders the targets make are small). */
static inline void fz_rm(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;
	char sub[512];
	while (d && (e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, "..")) {
			snprintf(sub, sizeof sub, "%s/%s", path, e->d_name);
			fz_rm(sub);
		}
	}
	if (d)
		closedir(d);
	remove(path);
}

static inline void fz_tmp_remove(void)
{
	fz_rm(fz_tmp);
}

/* A private folder in /dev/shm (fsync is free there) or /tmp, removed at exit. */
static inline const char *fz_tmpdir(const char *name)
{
	snprintf(fz_tmp, sizeof fz_tmp, "%s/lokmin-fuzz-%s.XXXXXX", access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp",
	         name);
	if (mkdtemp(fz_tmp) == NULL)
		abort();
	atexit(fz_tmp_remove);
	return fz_tmp;
}

#endif
