#ifndef TOKENDECK_CNCURSESW_SHIM_H
#define TOKENDECK_CNCURSESW_SHIM_H
// Wide-character API (add_wch, cchar_t, get_wch) needs this before curses.h.
#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#include <locale.h>
#include <ncursesw/curses.h>
#endif
