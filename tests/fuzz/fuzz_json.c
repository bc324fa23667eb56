/* fuzz_json: lk_record_json of any decoded record must be one line of valid JSON and valid UTF-8. */
#include "fuzz.h"
#include "lk_json.h"

/* A small JSON checker: 0 when p..end holds one value, else -1. Advances *p. */
static int s_value(const char **p, const char *end, int depth);

static void s_ws(const char **p, const char *end)
{
	while (*p < end && (**p == ' ' || **p == '\t' || **p == '\r' || **p == '\n'))
		(*p)++;
}

static int s_string(const char **p, const char *end)
{
	const unsigned char *s = (const unsigned char *)*p + 1;
	if (**p != '"')
		return -1;
	while ((const char *)s < end && *s != '"') {
		if (*s < 0x20)
			return -1;
		if (*s == '\\') {
			if ((const char *)++s >= end || !strchr("\"\\/bfnrtu", *s))
				return -1;
			s += *s == 'u' ? 5 : 1;
			continue;
		}
		/* UTF-8: a lead byte and the right number of continuation bytes, shortest form. */
		int n = *s < 0x80 ? 0 : (*s & 0xe0) == 0xc0 && *s >= 0xc2 ? 1 : (*s & 0xf0) == 0xe0 ? 2
		        : (*s & 0xf8) == 0xf0 && *s <= 0xf4 ? 3 : -1;
		if (n < 0 || (const char *)s + n >= end)
			return -1;
		for (int i = 1; i <= n; i++)
			if ((s[i] & 0xc0) != 0x80)
				return -1;
		s += n + 1;
	}
	if ((const char *)s >= end)
		return -1;
	*p = (const char *)s + 1;
	return 0;
}

static int s_value(const char **p, const char *end, int depth)
{
	s_ws(p, end);
	if (*p >= end || depth > 8)
		return -1;
	if (**p == '"')
		return s_string(p, end);
	if (**p == '{') {
		(*p)++;
		s_ws(p, end);
		if (*p < end && **p == '}')
			return (*p)++, 0;
		for (;;) {
			s_ws(p, end);
			if (s_string(p, end) != 0)
				return -1;
			s_ws(p, end);
			if (*p >= end || *(*p)++ != ':' || s_value(p, end, depth + 1) != 0)
				return -1;
			s_ws(p, end);
			if (*p < end && **p == ',') {
				(*p)++;
				continue;
			}
			return *p < end && *(*p)++ == '}' ? 0 : -1;
		}
	}
	static const char *const words[] = {"true", "false", "null"};
	for (int i = 0; i < 3; i++)
		if ((size_t)(end - *p) >= strlen(words[i]) && !strncmp(*p, words[i], strlen(words[i])))
			return *p += strlen(words[i]), 0;
	/* A number: -?digits[.digits][e[+-]digits] */
	const char *s = *p;
	if (s < end && *s == '-')
		s++;
	if (s >= end || *s < '0' || *s > '9')
		return -1;
	while (s < end && ((*s >= '0' && *s <= '9') || *s == '.' || *s == 'e' || *s == 'E' || *s == '+' || *s == '-'))
		s++;
	*p = s;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	const struct lk_entity *e = &lk_entities[data[0] % lk_entities_count];
	ProtobufCMessage *m = lk_record_decode(e, data + 1, size - 1);
	if (m == NULL)
		return 0;
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc = lk_record_json(f, e, m);
	fclose(f);
	FZ_CHECK(rc == 0, "%s: lk_record_json gave %d", e->name, rc);
	FZ_CHECK(len > 0 && buf[len - 1] == '\n' && memchr(buf, '\n', len) == buf + len - 1, "not one line");
	FZ_CHECK(strlen(buf) == len, "NUL byte in the output");
	const char *p = buf, *end = buf + len - 1;
	FZ_CHECK(s_value(&p, end, 0) == 0 && p == end, "invalid JSON at byte %zu: %.200s", (size_t)(p - buf), buf);
	free(buf);
	lk_record_free(m);
	return 0;
}
