#ifndef TOKENDECK_NCSHIM_H
#define TOKENDECK_NCSHIM_H
#include <stdint.h>
// Functions for the ncurses macros and globals Swift cannot import directly.
// Types are plain C so Swift sees them without the curses headers' macros.
typedef uint32_t td_attr_t;
td_attr_t td_a_normal(void);
td_attr_t td_a_bold(void);
td_attr_t td_a_dim(void);
td_attr_t td_a_underline(void);
td_attr_t td_a_reverse(void);
td_attr_t td_a_italic(void);
td_attr_t td_color_pair(int pair);
int td_key_f(int n);
int td_lines(void);
int td_cols(void);
int td_colors(void);
int td_color_pairs(void);
/// Writes one cell: UTF-8 grapheme text (already sanitised), attributes and colour pair.
int td_put_cell(int y, int x, const char *utf8, td_attr_t attrs, int pair);
void td_getmaxyx(int *rows, int *cols);
#endif
