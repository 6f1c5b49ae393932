#ifndef OCB_FILE_EXCHANGE_H
#define OCB_FILE_EXCHANGE_H

/// Atomically swaps two paths (Linux renameat2 with RENAME_EXCHANGE): both
/// must exist. Returns 0, or -1 with errno set (e.g. EINVAL where the file
/// system cannot exchange, ENOSYS on old kernels).
int ocb_exchange_paths(const char *a, const char *b);

#endif
