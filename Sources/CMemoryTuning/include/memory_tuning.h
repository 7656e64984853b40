#ifndef TOKENDECK_MEMORY_TUNING_H
#define TOKENDECK_MEMORY_TUNING_H

/// Sets glibc's allocator for a process holding many small records while several threads
/// allocate beside it (see MemoryTuning.swift). Runs by itself before main (a constructor);
/// calling it again changes nothing. Does nothing where there is no mallopt.
void td_tune_malloc(void);

/// Hands the free pages inside the allocator's heaps back to the system (malloc_trim): after a
/// whole set of tokens replaced another, what the old one freed stops counting as resident.
void td_release_free_memory(void);

#endif
