#include "memory_tuning.h"

/* Any libc header defines __GLIBC__ (through features.h); without one the test below is always false. */
#include <stdlib.h>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

/* Also run as a constructor, before main and before any thread: glibc fixes how many arenas it may
   make the first time a second thread needs one, and ignores M_ARENA_MAX set after that. */
__attribute__((constructor))
void td_tune_malloc(void) {
#if defined(__GLIBC__)
    /* One arena: every thread reuses what any other freed. Per-thread arenas (up to 8 per core)
       kept pages freed by the HTTP and cache threads resident where no one reused them. */
    mallopt(M_ARENA_MAX, 1);
    /* Blocks of 4 MiB and more (the arrays of 100,000 tokens) are mapped and unmapped on their own,
       so a freed one goes back to the system at once; a fixed threshold also stops glibc raising it
       to the size of the last one freed. Smaller blocks (a filter's 800 KB index arrays) come from
       the heap, where they are reused instead of page-faulted in afresh on every key. */
    mallopt(M_MMAP_THRESHOLD, 4 * 1024 * 1024);
#endif
}

void td_release_free_memory(void) {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}
