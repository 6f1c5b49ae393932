#if canImport(Glibc)
import CMalloc
#endif

/// How glibc's malloc hands memory back, set once when the tool starts.
///
/// By default glibc raises its mmap threshold to the size of the largest
/// block freed (up to 32 MiB), so after one big statement's page text and
/// HTML are freed, later blocks of that size come from the heap and stay
/// there, fragmented. A fixed 1 MiB threshold: blocks that large are mapped
/// and go back to the system when freed. Measured on the 1M-row build
/// without PDFs: peak RSS 340 → 266 MB at the same speed; `generate` at
/// 200,000 rows within noise (docs/PERFORMANCE.md).
public enum MallocPolicy {
    public static func apply() {
        #if canImport(Glibc)
        _ = mallopt(M_MMAP_THRESHOLD, 1 << 20)
        #endif
    }
}
