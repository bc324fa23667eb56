/* doc: building a document: its settings, its blocks and tables, checked as they are added. */
#include "doc_priv.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "lk_error.h"

int rd_fail(struct rd_doc *doc, int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(doc->err, sizeof doc->err, fmt, ap);
	va_end(ap);
	return code;
}

static char *s_dup(const char *s)
{
	return s ? strdup(s) : NULL;
}

/*
 * Only <b>, <i>, <u> and XML entities, balanced: what both Pango and HTML
 * read the same way. Pango would print a warning for bad markup itself; we
 * refuse it here instead, with a message naming the block.
 */
int rd_markup_check(struct rd_doc *doc, const char *markup, const char *what)
{
	char stack[32];
	int depth = 0;
	if (!markup)
		return 0;
	for (const char *p = markup; *p; p++) {
		if (*p == '<') {
			int close = p[1] == '/';
			const char *t = p + 1 + close;
			if ((t[0] != 'b' && t[0] != 'i' && t[0] != 'u') || t[1] != '>')
				return rd_fail(doc, -LK_EINVAL, "%s: only <b>, <i> and <u> are allowed (at \"%.20s\")", what, p);
			if (close) {
				if (depth == 0 || stack[depth - 1] != t[0])
					return rd_fail(doc, -LK_EINVAL, "%s: </%c> closes no open <%c>", what, t[0], t[0]);
				depth--;
			} else {
				if (depth == (int)sizeof stack)
					return rd_fail(doc, -LK_EINVAL, "%s: tags nested too deep", what);
				stack[depth++] = t[0];
			}
			p = t + 1;
		} else if (*p == '&') {
			static const char *const ent[] = {"amp;", "lt;", "gt;", "quot;", "apos;"};
			size_t i;
			for (i = 0; i < sizeof ent / sizeof ent[0]; i++)
				if (strncmp(p + 1, ent[i], strlen(ent[i])) == 0)
					break;
			if (i == sizeof ent / sizeof ent[0]) {
				const char *q = p + 1;
				if (*q++ != '#' || !(*q >= '0' && *q <= '9'))
					return rd_fail(doc, -LK_EINVAL, "%s: a bare '&' (write &amp;)", what);
				while (*q >= '0' && *q <= '9')
					q++;
				if (*q != ';')
					return rd_fail(doc, -LK_EINVAL, "%s: a bare '&' (write &amp;)", what);
			}
		} else if (*p == '>') {
			return rd_fail(doc, -LK_EINVAL, "%s: a bare '>' (write &gt;)", what);
		}
	}
	if (depth)
		return rd_fail(doc, -LK_EINVAL, "%s: <%c> is never closed", what, stack[depth - 1]);
	return 0;
}

char *rd_markup_escape(const char *plain)
{
	size_t n = 1;
	for (const char *p = plain; *p; p++)
		n += (*p == '&' || *p == '"' || *p == '\'') ? 6 : (*p == '<' || *p == '>') ? 4 : 1;
	char *out = malloc(n), *o = out;
	if (!out)
		return NULL;
	for (const char *p = plain; *p; p++) {
		const char *r = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;"
		                : *p == '"' ? "&quot;" : *p == '\'' ? "&apos;" : NULL;
		if (r) {
			memcpy(o, r, strlen(r));
			o += strlen(r);
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	return out;
}

struct rd_doc *rd_doc_new(void)
{
	struct rd_doc *doc = calloc(1, sizeof *doc);
	if (!doc)
		return NULL;
	/* Tata naskah dinas: 3 cm on the binding side, 2 cm elsewhere. */
	doc->margin[0] = 30;
	doc->margin[1] = 20;
	doc->margin[2] = 20;
	doc->margin[3] = 20;
	doc->font = strdup("Liberation Serif");
	doc->size_pt = 12;
	if (!doc->font) {
		free(doc);
		return NULL;
	}
	return doc;
}

static void s_table_free(struct rd_table *t)
{
	if (!t)
		return;
	for (size_t r = 0; r < t->nrows; r++) {
		if (t->rows[r])
			for (size_t c = 0; c < t->ncols; c++)
				free(t->rows[r][c]);
		free(t->rows[r]);
	}
	if (t->header)
		for (size_t c = 0; c < t->ncols; c++)
			free(t->header[c]);
	free(t->header);
	free(t->rows);
	free(t->row_min_mm);
	free(t->widths_mm);
	free(t->aligns);
	free(t);
}

/* What one block owns (its table included). */
static void s_block_free(struct rd_block *b)
{
	free(b->text);
	free(b->caption);
	for (size_t k = 0; k < b->nlines; k++) {
		if (b->lines)
			free(b->lines[k]);
		if (b->values)
			free(b->values[k]);
	}
	free(b->lines);
	free(b->values);
	free(b->sizes);
	free(b->modules);
	for (int k = 0; k < RS_N; k++)
		free(b->sig[k]);
	free(b->sig_status);
	free(b->sig_seal);
	free(b->sig_caption);
	s_table_free(b->table);
}

void rd_doc_free(struct rd_doc **pdoc)
{
	struct rd_doc *doc = pdoc ? *pdoc : NULL;
	if (!doc)
		return;
	for (size_t i = 0; i < doc->nblocks; i++) {
		s_block_free(&doc->blocks[i]);
	}
	free(doc->blocks);
	free(doc->font);
	free(doc->title);
	free(doc->header);
	free(doc->footer);
	free(doc);
	*pdoc = NULL;
}

const char *rd_doc_error(const struct rd_doc *doc)
{
	return doc->err;
}

int rd_doc_pages(const struct rd_doc *doc)
{
	return doc->pages;
}

int rd_doc_set_margins(struct rd_doc *doc, double l, double t, double r, double b)
{
	if (l < 5 || t < 5 || r < 5 || b < 5 || l + r > 150 || t + b > 200)
		return rd_fail(doc, -LK_EINVAL, "margins: each at least 5 mm, and the text area at least 60 x 97 mm");
	doc->margin[0] = l;
	doc->margin[1] = t;
	doc->margin[2] = r;
	doc->margin[3] = b;
	return 0;
}

static int s_replace(struct rd_doc *doc, char **slot, const char *s)
{
	char *d = s_dup(s);
	if (s && !d)
		return rd_fail(doc, -LK_ENOMEM, "out of memory");
	free(*slot);
	*slot = d;
	return 0;
}

int rd_doc_set_font(struct rd_doc *doc, const char *family, double size_pt)
{
	if (!family || !*family || size_pt < 4 || size_pt > 72)
		return rd_fail(doc, -LK_EINVAL, "font: a family name and a size from 4 to 72 pt");
	doc->size_pt = size_pt;
	return s_replace(doc, &doc->font, family);
}

int rd_doc_set_title(struct rd_doc *doc, const char *plain)
{
	return s_replace(doc, &doc->title, plain);
}

int rd_doc_set_header(struct rd_doc *doc, const char *markup, int skip_first)
{
	int rc = rd_markup_check(doc, markup, "header");
	if (rc)
		return rc;
	doc->header_skip_first = skip_first;
	return s_replace(doc, &doc->header, markup);
}

int rd_doc_set_footer(struct rd_doc *doc, const char *tmpl, int skip_first)
{
	int rc = rd_markup_check(doc, tmpl, "footer");
	if (rc)
		return rc;
	doc->footer_skip_first = skip_first;
	return s_replace(doc, &doc->footer, tmpl);
}

/* A new zeroed block in the open group, or NULL (the error set). */
static struct rd_block *s_block(struct rd_doc *doc, enum rd_kind kind)
{
	if (doc->nblocks == doc->cap) {
		size_t cap = doc->cap ? doc->cap * 2 : 32;
		struct rd_block *nb = realloc(doc->blocks, cap * sizeof *nb);
		if (!nb) {
			rd_fail(doc, -LK_ENOMEM, "out of memory");
			return NULL;
		}
		doc->blocks = nb;
		doc->cap = cap;
	}
	struct rd_block *b = &doc->blocks[doc->nblocks];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->group = doc->group;
	return b;
}

/* Commit the block s_block returned, or undo it when rc says it failed. */
static int s_commit(struct rd_doc *doc, int rc)
{
	if (rc == 0) {
		doc->nblocks++;
		return 0;
	}
	struct rd_block *b = &doc->blocks[doc->nblocks];
	s_block_free(b);
	memset(b, 0, sizeof *b);
	return rc;
}

int rd_para(struct rd_doc *doc, const char *markup, const struct rd_para_style *style)
{
	int rc = rd_markup_check(doc, markup, "paragraph");
	if (rc)
		return rc;
	struct rd_block *b = s_block(doc, RB_PARA);
	if (!b)
		return -LK_ENOMEM;
	if (style)
		b->st = *style;
	if (b->st.size_pt < 0 || b->st.size_pt > 72)
		return s_commit(doc, rd_fail(doc, -LK_EINVAL, "paragraph: a font size from 4 to 72 pt"));
	if (!style)
		b->st.space_after_mm = 2;
	b->text = strdup(markup ? markup : "");
	return s_commit(doc, b->text ? 0 : rd_fail(doc, -LK_ENOMEM, "out of memory"));
}

static int s_lines(struct rd_doc *doc, char ***dst, const char *const *src, size_t n, const char *what)
{
	*dst = calloc(n ? n : 1, sizeof **dst);
	if (!*dst)
		return rd_fail(doc, -LK_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++) {
		int rc = rd_markup_check(doc, src[i], what);
		if (rc)
			return rc;
		(*dst)[i] = strdup(src[i] ? src[i] : "");
		if (!(*dst)[i])
			return rd_fail(doc, -LK_ENOMEM, "out of memory");
	}
	return 0;
}

int rd_letterhead(struct rd_doc *doc, const char *logo_path, const char *const *lines, const double *sizes_pt,
                  size_t nlines)
{
	struct rd_block *b = s_block(doc, RB_LETTERHEAD);
	if (!b)
		return -LK_ENOMEM;
	b->nlines = nlines;
	int rc = s_lines(doc, &b->lines, lines, nlines, "letterhead");
	if (rc)
		return s_commit(doc, rc);
	b->sizes = calloc(nlines ? nlines : 1, sizeof *b->sizes);
	if (!b->sizes)
		return s_commit(doc, rd_fail(doc, -LK_ENOMEM, "out of memory"));
	for (size_t i = 0; i < nlines; i++)
		b->sizes[i] = sizes_pt && sizes_pt[i] > 0 ? sizes_pt[i] : (i == 0 ? 14 : 10);
	if (logo_path && !(b->text = strdup(logo_path)))
		return s_commit(doc, rd_fail(doc, -LK_ENOMEM, "out of memory"));
	return s_commit(doc, 0);
}

int rd_keyvalue(struct rd_doc *doc, const char *const *keys, const char *const *values, size_t n, const char *aside)
{
	struct rd_block *b = s_block(doc, RB_KEYVALUE);
	if (!b)
		return -LK_ENOMEM;
	b->nlines = n;
	int rc = s_lines(doc, &b->lines, keys, n, "key-value key");
	if (!rc)
		rc = s_lines(doc, &b->values, values, n, "key-value value");
	if (!rc)
		rc = rd_markup_check(doc, aside, "key-value aside");
	if (!rc && aside && !(b->caption = strdup(aside)))
		rc = rd_fail(doc, -LK_ENOMEM, "out of memory");
	return s_commit(doc, rc);
}

int rd_image(struct rd_doc *doc, const char *path, double width_mm, enum rd_align align, const char *caption)
{
	if (!path || width_mm <= 0)
		return rd_fail(doc, -LK_EINVAL, "image: a file and a width in mm");
	int rc = rd_markup_check(doc, caption, "image caption");
	if (rc)
		return rc;
	struct rd_block *b = s_block(doc, RB_IMAGE);
	if (!b)
		return -LK_ENOMEM;
	b->width_mm = width_mm;
	b->align = align;
	b->text = strdup(path);
	b->caption = s_dup(caption);
	return s_commit(doc, b->text && (!caption || b->caption) ? 0 : rd_fail(doc, -LK_ENOMEM, "out of memory"));
}

static unsigned char *s_modules(const unsigned char *m, int size)
{
	unsigned char *d = malloc((size_t)size * (size_t)size);
	if (d)
		for (size_t i = 0; i < (size_t)size * (size_t)size; i++)
			d[i] = m[i] ? 1 : 0;
	return d;
}

int rd_qr(struct rd_doc *doc, const unsigned char *modules, int size, double side_mm, enum rd_align align,
          const char *caption)
{
	if (!modules || size < 1 || size > 200 || side_mm <= 0)
		return rd_fail(doc, -LK_EINVAL, "QR: a matrix of 1 to 200 modules a side and a size in mm");
	int rc = rd_markup_check(doc, caption, "QR caption");
	if (rc)
		return rc;
	struct rd_block *b = s_block(doc, RB_QR);
	if (!b)
		return -LK_ENOMEM;
	b->width_mm = side_mm;
	b->align = align;
	b->msize = size;
	b->modules = s_modules(modules, size);
	b->caption = s_dup(caption);
	return s_commit(doc, b->modules && (!caption || b->caption) ? 0 : rd_fail(doc, -LK_ENOMEM, "out of memory"));
}

int rd_page_break(struct rd_doc *doc)
{
	return s_block(doc, RB_BREAK) ? s_commit(doc, 0) : -LK_ENOMEM;
}

int rd_signature(struct rd_doc *doc, const struct rd_signature *sig)
{
	const char *f[RS_N] = {sig->place_date, sig->jabatan, sig->name, sig->pangkat, sig->nip};
	static const char *const what[RS_N] = {"signature place and date", "signature jabatan", "signature name",
	                                        "signature pangkat", "signature NIP"};
	if (sig->mark_qr && (sig->mark_qr_size < 1 || sig->mark_qr_size > 200))
		return rd_fail(doc, -LK_EINVAL, "signature mark: a matrix of 1 to 200 modules a side");
	for (int k = 0; k < RS_N; k++) {
		int rc = rd_markup_check(doc, f[k], what[k]);
		if (rc)
			return rc;
	}
	int rc = rd_markup_check(doc, sig->mark_caption, "signature mark caption");
	if (rc)
		return rc;
	if ((sig->status && strpbrk(sig->status, "\"<>&")) || (sig->seal && strpbrk(sig->seal, "\"<>&")))
		return rd_fail(doc, -LK_EINVAL, "signature status or seal: plain text without quotes or brackets");
	struct rd_block *b = s_block(doc, RB_SIGNATURE);
	if (!b)
		return -LK_ENOMEM;
	for (int k = 0; k < RS_N; k++)
		if (f[k] && !(b->sig[k] = strdup(f[k])))
			return s_commit(doc, rd_fail(doc, -LK_ENOMEM, "out of memory"));
	if ((sig->status && !(b->sig_status = strdup(sig->status))) || (sig->seal && !(b->sig_seal = strdup(sig->seal))) ||
	    (sig->mark_caption && !(b->sig_caption = strdup(sig->mark_caption))))
		return s_commit(doc, rd_fail(doc, -LK_ENOMEM, "out of memory"));
	b->mark_mm = sig->mark_mm > 0 ? sig->mark_mm : 20;
	if (sig->mark_qr) {
		b->msize = sig->mark_qr_size;
		if (!(b->modules = s_modules(sig->mark_qr, sig->mark_qr_size)))
			return s_commit(doc, rd_fail(doc, -LK_ENOMEM, "out of memory"));
	}
	return s_commit(doc, 0);
}

int rd_group_begin(struct rd_doc *doc)
{
	if (doc->group)
		return rd_fail(doc, -LK_EINVAL, "groups do not nest: end the open group first");
	doc->group = ++doc->ngroups;
	return 0;
}

int rd_group_end(struct rd_doc *doc)
{
	if (!doc->group)
		return rd_fail(doc, -LK_EINVAL, "no group is open");
	doc->group = 0;
	return 0;
}

double rd_para_size(const struct rd_doc *doc, const struct rd_block *b)
{
	return b->st.size_pt > 0 ? b->st.size_pt : doc->size_pt;
}
