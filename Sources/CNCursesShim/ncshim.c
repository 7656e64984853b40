#ifndef _XOPEN_SOURCE_EXTENDED
#define _XOPEN_SOURCE_EXTENDED 1
#endif
#ifndef _GNU_SOURCE
#define _GNU_SOURCE 1
#endif
#include <errno.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
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
    // The opts pointer carries the pair as an int, so pairs above SHRT_MAX work too.
    int extended = pair;
    if (setcchar(&cell, wide, (attr_t)attrs, (short)(pair > 0x7fff ? 0 : pair), &extended) != OK) return ERR;
    // The bottom-right cell reports ERR (the cursor cannot advance) but is drawn.
    return mvadd_wch(y, x, &cell);
}

int td_put_ascii_run(int y, int x, const char *bytes, int count, td_attr_t attrs, int pair) {
    int extended = pair;
    if (wattr_set(stdscr, (attr_t)attrs, (short)(pair > 0x7fff ? 0 : pair), &extended) != OK) return ERR;
    // The bottom-right cell reports ERR (the cursor cannot advance) but is drawn.
    int result = mvaddnstr(y, x, bytes, count);
    // td_put_cell's cells take the window's attributes too: leave none behind.
    int none = 0;
    wattr_set(stdscr, A_NORMAL, 0, &none);
    return result;
}

// ---- Session -------------------------------------------------------------------------

static SCREEN *td_screen = NULL;
static volatile sig_atomic_t td_active = 0;
static int td_colors_on = 0;
static int td_default_colors = 0;
static volatile sig_atomic_t td_wake_fd = -1;
// While a frame is being collected (td_refresh), the terminal's output descriptor points at a
// memory file; the terminal itself is kept open on td_frame_tty. A SIGWINCH in that window is
// held back (ncurses would ask the memory file for the screen size) and raised again after.
static volatile sig_atomic_t td_collecting = 0;
static volatile sig_atomic_t td_winch_held = 0;
static int td_frame_file = -1;
static int td_frame_tty = -1;

// Signals after which the shell must get its terminal back: the polite ones (the process
// dies by default) and the crashes. Each handler ends curses, then hands the signal to
// whatever was there before (the default action, or Swift's backtracer).
static const int td_fatal_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGILL, SIGABRT, SIGFPE };
#define TD_FATAL_COUNT ((int)(sizeof td_fatal_signals / sizeof td_fatal_signals[0]))
static struct sigaction td_previous[TD_FATAL_COUNT];
static int td_installed[TD_FATAL_COUNT];
static struct sigaction td_previous_winch;
static int td_winch_installed = 0;
static int td_handlers_ready = 0;

static int td_index_of(int sig) {
    for (int i = 0; i < TD_FATAL_COUNT; i++) if (td_fatal_signals[i] == sig) return i;
    return -1;
}

static void td_fatal_handler(int sig, siginfo_t *info, void *context) {
    (void)context;
    // Mid-frame, the output descriptor is the memory file: put the terminal back before endwin.
    if (td_collecting && td_frame_tty >= 0) {
        dup2(td_frame_tty, fileno(stdout));
        td_collecting = 0;
    }
    if (td_active) {
        td_active = 0;
        endwin(); // not async-signal-safe; best effort, the process is going down anyway
    }
    int i = td_index_of(sig);
    if (i >= 0) sigaction(sig, &td_previous[i], NULL);
    else signal(sig, SIG_DFL);
    // A hardware fault re-executes the faulting instruction on return and reaches the
    // previous handler with its real context; anything sent (kill, raise, abort) is re-sent.
    int fault = info != NULL && info->si_code > 0 && sig != SIGABRT && sig != SIGINT && sig != SIGTERM && sig != SIGHUP && sig != SIGQUIT;
    if (fault) return;
    raise(sig);
    // The previous handler returned (Swift's backtracer does for a sent signal): the screen
    // is gone, so die the default way rather than run on without a terminal.
    signal(sig, SIG_DFL);
    raise(sig);
}

static void td_install_fatal_handlers(void) {
    if (td_handlers_ready) return;
    td_handlers_ready = 1;
    for (int i = 0; i < TD_FATAL_COUNT; i++) {
        struct sigaction current;
        if (sigaction(td_fatal_signals[i], NULL, &current) != 0) continue;
        // Someone asked to ignore it (nohup): leave it that way.
        if (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN) continue;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_sigaction = td_fatal_handler;
        action.sa_flags = SA_SIGINFO | SA_NODEFER | SA_RESETHAND;
        sigemptyset(&action.sa_mask);
        if (sigaction(td_fatal_signals[i], &action, &td_previous[i]) == 0) td_installed[i] = 1;
    }
}

static void td_winch_handler(int sig, siginfo_t *info, void *context) {
    int saved = errno;
    // ncurses' own handler records the resize; KEY_RESIZE follows on the next read.
    if (td_collecting) {
        td_winch_held = 1;
    } else if (td_previous_winch.sa_flags & SA_SIGINFO) {
        if (td_previous_winch.sa_sigaction) td_previous_winch.sa_sigaction(sig, info, context);
    } else if (td_previous_winch.sa_handler != SIG_DFL && td_previous_winch.sa_handler != SIG_IGN) {
        td_previous_winch.sa_handler(sig);
    }
    int fd = td_wake_fd;
    if (fd >= 0) { char byte = 'w'; ssize_t ignored = write(fd, &byte, 1); (void)ignored; }
    errno = saved;
}

static void td_install_winch_handler(void) {
    if (td_winch_installed) return;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = td_winch_handler;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGWINCH, &action, &td_previous_winch) == 0) td_winch_installed = 1;
}

static void td_atexit(void) { td_end(); }

// Home and End as tmux, screen, rxvt and the VT keypad send them, which TERM's entry may not
// list (tmux sends \e[1~ for Home whatever TERM says). Only sequences nobody defined yet.
static void td_define_alternate_keys(void) {
    static const struct { const char *sequence; int code; } keys[] = {
        { "\033[1~", KEY_HOME }, { "\033[7~", KEY_HOME }, { "\033[H", KEY_HOME }, { "\033OH", KEY_HOME },
        { "\033[4~", KEY_END }, { "\033[8~", KEY_END }, { "\033[F", KEY_END }, { "\033OF", KEY_END },
        { "\033[Z", KEY_BTAB }, { "\033OM", KEY_ENTER },
    };
    for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
        if (key_defined(keys[i].sequence) == 0) define_key(keys[i].sequence, keys[i].code);
    }
}

int td_begin(int escdelay_ms) {
    if (td_active) return 0;
    setlocale(LC_ALL, "");
    // Before newterm, so ncurses does not put its own exit-on-SIGINT handler in their place.
    td_install_fatal_handlers();
    if (td_screen == NULL) {
        td_screen = newterm(NULL, stdout, stdin);
        if (td_screen == NULL) return -1;
        static int registered = 0;
        if (!registered) { registered = 1; atexit(td_atexit); }
    }
    set_term(td_screen);
    td_active = 1;
    raw();                   // Ctrl-C, Ctrl-Z and Ctrl-S arrive as keys
    noecho();
    nonl();                  // Enter arrives as \r, and newlines cost no extra motion
    keypad(stdscr, TRUE);
    td_define_alternate_keys();
    intrflush(stdscr, FALSE);
    leaveok(stdscr, TRUE);   // the cursor is hidden; do not spend bytes moving it back
    set_escdelay(escdelay_ms);
    curs_set(0);
    td_colors_on = 0;
    if (has_colors() && start_color() == OK) {
        td_colors_on = 1;
        td_default_colors = use_default_colors() == OK;
    }
    mouseinterval(0);        // report presses at once instead of waiting to detect clicks
    mousemask(BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED | BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
    // After newterm: chain to the SIGWINCH handler ncurses installed.
    td_install_winch_handler();
    return 0;
}

void td_end(void) {
    if (!td_active) return;
    td_active = 0;
    td_wake_fd = -1;
    endwin();
}

int td_is_active(void) { return td_active; }

void td_place_cursor(int y, int x) {
    if (!td_active) return;
    if (y < 0) {
        leaveok(stdscr, TRUE);
        curs_set(0);
        return;
    }
    leaveok(stdscr, FALSE);
    curs_set(1);
    wmove(stdscr, y, x);
}

int td_has_colors(void) { return td_colors_on; }

int td_init_pair(int pair, int fg, int bg) {
    if (!td_colors_on) return ERR;
    if (!td_default_colors) {
        if (fg < 0) fg = COLOR_WHITE;
        if (bg < 0) bg = COLOR_BLACK;
    }
    if (fg >= COLORS) fg = -1;
    if (bg >= COLORS) bg = -1;
#if NCURSES_EXT_COLORS
    return init_extended_pair(pair, fg, bg);
#else
    return init_pair((short)pair, (short)fg, (short)bg);
#endif
}

void td_clear_all(void) { clearok(curscr, TRUE); }

// ncurses flushes its output buffer after every cursor movement, so a frame left it in a dozen
// write()s or more — each one a trip through the tty layer and a wake-up for whoever reads the
// terminal (sshd, tmux). The frame is collected in a memory file instead and sent in one write.
int td_refresh(void) {
    int out = fileno(stdout);
    if (td_frame_file < 0) td_frame_file = memfd_create("tokendeck-frame", MFD_CLOEXEC);
    if (td_frame_tty < 0) td_frame_tty = fcntl(out, F_DUPFD_CLOEXEC, 3);
    if (td_frame_file < 0 || td_frame_tty < 0 || lseek(td_frame_file, 0, SEEK_SET) != 0) return refresh();
    td_collecting = 1;
    if (dup2(td_frame_file, out) < 0) {
        td_collecting = 0;
        return refresh();
    }
    int result = refresh();
    off_t size = lseek(td_frame_file, 0, SEEK_CUR);
    dup2(td_frame_tty, out);
    td_collecting = 0;
    if (size > 0) {
        static char *frame = NULL;
        static size_t capacity = 0;
        static char fallback[16384];
        if ((size_t)size > capacity) {
            char *grown = realloc(frame, (size_t)size);
            if (grown != NULL) { frame = grown; capacity = (size_t)size; }
        }
        // The whole frame at once; in pieces only if memory for it could not be had.
        char *buffer = frame != NULL ? frame : fallback;
        size_t room = frame != NULL ? capacity : sizeof fallback;
        off_t sent = 0;
        while (sent < size) {
            size_t chunk = (size_t)(size - sent) < room ? (size_t)(size - sent) : room;
            ssize_t got = pread(td_frame_file, buffer, chunk, sent);
            if (got <= 0) break;
            ssize_t done = 0;
            while (done < got) {
                ssize_t n = write(out, buffer + done, (size_t)(got - done));
                if (n > 0) done += n;
                else if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
                else break;
            }
            if (done < got) break;
            sent += got;
        }
    }
    if (td_winch_held) {
        td_winch_held = 0;
        raise(SIGWINCH);
    }
    return result;
}

void td_set_resize_wake_fd(int fd) { td_wake_fd = fd; }

// ---- Input ---------------------------------------------------------------------------

static int td_special_of(wint_t code, int *function) {
    switch (code) {
    case KEY_UP: return TD_K_UP;
    case KEY_DOWN: return TD_K_DOWN;
    case KEY_LEFT: return TD_K_LEFT;
    case KEY_RIGHT: return TD_K_RIGHT;
    case KEY_HOME: return TD_K_HOME;
    case KEY_END: return TD_K_END;
    case KEY_PPAGE: return TD_K_PAGE_UP;
    case KEY_NPAGE: return TD_K_PAGE_DOWN;
    case KEY_ENTER: return TD_K_ENTER;
    case KEY_BTAB: return TD_K_BACK_TAB;
    case KEY_BACKSPACE: return TD_K_BACKSPACE;
    case KEY_DC: return TD_K_DELETE;
    case KEY_IC: return TD_K_INSERT;
    default:
        if (code >= (wint_t)KEY_F(1) && code <= (wint_t)KEY_F(63)) {
            *function = (int)code - KEY_F0;
            return TD_K_FUNCTION;
        }
        return TD_K_UNKNOWN;
    }
}

int td_read_event(int timeout_ms, td_event *ev) {
    memset(ev, 0, sizeof *ev);
    wtimeout(stdscr, timeout_ms);
    wint_t wc = 0;
    int result = wget_wch(stdscr, &wc);
    if (result == ERR) return ev->kind = TD_EV_NONE;
    if (result != KEY_CODE_YES) {
        ev->kind = TD_EV_CHAR;
        ev->ch = (uint32_t)wc;
        return ev->kind;
    }
    if (wc == KEY_RESIZE) {
        ev->kind = TD_EV_RESIZE;
        getmaxyx(stdscr, ev->y, ev->x);
        return ev->kind;
    }
    if (wc == KEY_MOUSE) {
        MEVENT mouse;
        ev->kind = TD_EV_MOUSE;
        if (getmouse(&mouse) != OK) { ev->mouse = TD_M_OTHER; return ev->kind; }
        ev->x = mouse.x;
        ev->y = mouse.y;
        if (mouse.bstate & BUTTON4_PRESSED) ev->mouse = TD_M_WHEEL_UP;
        else if (mouse.bstate & BUTTON5_PRESSED) ev->mouse = TD_M_WHEEL_DOWN;
        // A press and its release that arrive together (one SSH packet) can come back merged
        // as a click: it is still the press the person made.
        else if (mouse.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED | BUTTON1_DOUBLE_CLICKED | BUTTON1_TRIPLE_CLICKED)) ev->mouse = TD_M_PRESS;
        else if (mouse.bstate & BUTTON1_RELEASED) ev->mouse = TD_M_RELEASE;
        else ev->mouse = TD_M_OTHER;
        return ev->kind;
    }
    ev->kind = TD_EV_KEY;
    ev->special = td_special_of(wc, &ev->function);
    return ev->kind;
}

// ---- Output outside the screen model ----------------------------------------------------

int td_write_raw(const char *bytes, size_t count) {
    int fd = fileno(stdout);
    size_t done = 0;
    while (done < count) {
        ssize_t n = write(fd, bytes + done, count - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}
