#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <ncursesw/curses.h>
#include "ncshim.h"

td_attr_t td_a_normal(void) { return (td_attr_t)A_NORMAL; }
td_attr_t td_a_bold(void) { return (td_attr_t)A_BOLD; }
td_attr_t td_a_dim(void) { return (td_attr_t)A_DIM; }
td_attr_t td_a_underline(void) { return (td_attr_t)A_UNDERLINE; }
td_attr_t td_a_reverse(void) { return (td_attr_t)A_REVERSE; }
td_attr_t td_a_italic(void) { return (td_attr_t)A_ITALIC; }
td_attr_t td_color_pair(int pair) { return (td_attr_t)COLOR_PAIR(pair); }
int td_key_f(int n) { return KEY_F(n); }
int td_lines(void) { return LINES; }
int td_cols(void) { return COLS; }
int td_colors(void) { return COLORS; }
int td_color_pairs(void) { return COLOR_PAIRS; }
void td_getmaxyx(int *rows, int *cols) { int r, c; getmaxyx(stdscr, r, c); *rows = r; *cols = c; }

int td_put_cell(int y, int x, const char *utf8, td_attr_t attrs, int pair) {
    wchar_t wide[8];
    mbstate_t state;
    memset(&state, 0, sizeof state);
    const char *src = utf8;
    size_t n = mbsrtowcs(wide, &src, 7, &state);
    if (n == (size_t)-1 || n == 0) { wide[0] = L'?'; n = 1; }
    wide[n] = 0;
    cchar_t cell;
    if (setcchar(&cell, wide, (attr_t)attrs, (short)pair, NULL) != OK) return ERR;
    return mvadd_wch(y, x, &cell);
}
