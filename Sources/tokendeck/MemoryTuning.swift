import CMemoryTuning

/// glibc's allocator, set for a process that holds 100,000 tokens while threads (the HTTP event
/// loops, the cache's writer, the task pool) allocate and free pages of them beside it.
///
/// By default glibc gives each thread its own arena (up to 8 per core) and raises its mmap threshold
/// each time a big block is freed, so freed pages stay resident in arenas no thread reuses and a
/// reloaded 18 MB array lands in the heap instead of going back to the system. The settings are in
/// Sources/CMemoryTuning (Swift cannot see malloc.h); the figures are in README's Performance table.
enum MemoryTuning {
    static func apply() {
        td_tune_malloc()
    }
}
