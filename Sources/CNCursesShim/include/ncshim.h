#ifndef TOKENDECK_NCSHIM_H
#define TOKENDECK_NCSHIM_H
#include <stddef.h>
#include <stdint.h>
// Functions for the ncurses macros and globals Swift cannot import directly, and the few
// pieces (setup, key classification, signal handlers) whose constants must stay in C.
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
/// Draws `count` printable ASCII bytes from (y, x), one cell each, in one style: one call for a
/// run of cells instead of one per cell. The window's own attributes are left as they were.
int td_put_ascii_run(int y, int x, const char *bytes, int count, td_attr_t attrs, int pair);
void td_getmaxyx(int *rows, int *cols);

// ---- Session -------------------------------------------------------------------------

/// setlocale(LC_ALL, ""), newterm on stdin/stdout, raw, noecho, nonl, keypad, escdelay,
/// invisible cursor, colours with the terminal's defaults, clicks and wheel; installs the
/// restore-on-signal handlers. Returns 0, or -1 when the terminal type is unknown.
int td_begin(int escdelay_ms);
/// endwin() once; safe to call again and from the atexit hook.
void td_end(void);
/// Whether td_begin succeeded and td_end has not run yet.
int td_is_active(void);
/// 1 when the terminal has colours and they were started.
int td_has_colors(void);
/// Defines a colour pair (extended pairs when ncurses has them). -1 means the terminal default.
int td_init_pair(int pair, int fg, int bg);
/// Marks the whole screen for repainting on the next refresh (after a resize).
void td_clear_all(void);
/// Sends the pending frame to the terminal in one write.
int td_refresh(void);
/// Shows the cursor at (y, x) after the next refresh (a text field has focus), or hides it
/// when y < 0. Changes nothing, and sends nothing, when it is already so.
void td_place_cursor(int y, int x);
/// A file descriptor that gets one byte whenever SIGWINCH arrives, on whatever thread,
/// so a poll() on the input can wake up for a resize. -1 to stop.
void td_set_resize_wake_fd(int fd);

// ---- Input ---------------------------------------------------------------------------

typedef enum {
    TD_EV_NONE = 0,   // nothing within the timeout
    TD_EV_CHAR,       // `ch` is a Unicode scalar (including control characters)
    TD_EV_KEY,        // `special` is a td_special_key
    TD_EV_RESIZE,     // the terminal changed size; `x`/`y` are the new columns/rows
    TD_EV_MOUSE,      // `mouse` is a td_mouse_kind at (x, y)
} td_event_kind;

typedef enum {
    TD_K_UNKNOWN = 0,
    TD_K_UP, TD_K_DOWN, TD_K_LEFT, TD_K_RIGHT,
    TD_K_HOME, TD_K_END, TD_K_PAGE_UP, TD_K_PAGE_DOWN,
    TD_K_ENTER, TD_K_BACK_TAB, TD_K_BACKSPACE, TD_K_DELETE, TD_K_INSERT,
    TD_K_FUNCTION,    // `function` holds 1…63
} td_special_key;

typedef enum {
    TD_M_OTHER = 0, TD_M_PRESS, TD_M_RELEASE, TD_M_WHEEL_UP, TD_M_WHEEL_DOWN,
} td_mouse_kind;

typedef struct {
    int kind;       // td_event_kind
    uint32_t ch;
    int special;    // td_special_key
    int function;
    int mouse;      // td_mouse_kind
    int x;
    int y;
} td_event;

/// Reads one event with wget_wch: waits up to `timeout_ms` (0: only what is already there,
/// -1: forever). Returns ev->kind.
int td_read_event(int timeout_ms, td_event *ev);

// ---- Output outside the screen model ----------------------------------------------------

/// Writes bytes straight to the terminal (OSC 52), after the last frame went out.
int td_write_raw(const char *bytes, size_t count);
#endif
