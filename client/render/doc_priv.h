/* doc_priv: the document model's inside, shared by the builders, the layout, and the PDF and HTML writers. */
#ifndef RD_DOC_PRIV_H
#define RD_DOC_PRIV_H

#include "doc.h"

#define RD_MM(x) ((x) * 72.0 / 25.4) /* millimetres to PDF points */
#define RD_A4_W 595.2756             /* 210 mm */
#define RD_A4_H 841.8898             /* 297 mm */

enum rd_kind { RB_PARA, RB_LETTERHEAD, RB_KEYVALUE, RB_IMAGE, RB_QR, RB_BREAK, RB_SIGNATURE, RB_TABLE };

struct rd_table {
	struct rd_doc *doc;
	size_t ncols;
	double *widths_mm;
	enum rd_align *aligns;
	char **header;  /* ncols cells or NULL */
	char ***rows;   /* nrows x ncols; a spare row is NULL */
	double *row_min_mm;
	size_t nrows, cap;
	double min_row_mm;
	double size_pt;
};

struct rd_block {
	enum rd_kind kind;
	int group;               /* 0 none, else the keep-together group's number */
	struct rd_para_style st; /* RB_PARA */
	char *text;              /* RB_PARA markup; RB_IMAGE, RB_LETTERHEAD: the image path */
	char *caption;           /* RB_IMAGE, RB_QR; RB_KEYVALUE: the aside */
	char **lines;            /* RB_LETTERHEAD lines; RB_KEYVALUE keys */
	char **values;           /* RB_KEYVALUE values */
	double *sizes;           /* RB_LETTERHEAD line sizes */
	size_t nlines;
	double width_mm;         /* RB_IMAGE, RB_QR */
	enum rd_align align;     /* RB_IMAGE, RB_QR */
	unsigned char *modules;  /* RB_QR, RB_SIGNATURE mark */
	int msize;
	char *sig[6];            /* RB_SIGNATURE: place_date, jabatan, name, pangkat, nip */
	double mark_mm;
	char *sig_status, *sig_seal, *sig_caption; /* RB_SIGNATURE, HTML only */
	struct rd_table *table;  /* RB_TABLE */
};

enum { RS_PLACE, RS_JABATAN, RS_NAME, RS_PANGKAT, RS_NIP, RS_N };

struct rd_doc {
	struct rd_block *blocks;
	size_t nblocks, cap;
	double margin[4]; /* mm: left, top, right, bottom */
	char *font;
	double size_pt;
	char *title;
	char *header;
	int header_skip_first;
	char *footer;
	int footer_skip_first;
	int group;      /* the open group's number, 0 none */
	int ngroups;
	int pages;
	char err[400];
};

int rd_fail(struct rd_doc *doc, int code, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int rd_markup_check(struct rd_doc *doc, const char *markup, const char *what);
double rd_para_size(const struct rd_doc *doc, const struct rd_block *b);
double rd_table_width_mm(const struct rd_doc *doc, const struct rd_table *t, size_t col);

#endif
