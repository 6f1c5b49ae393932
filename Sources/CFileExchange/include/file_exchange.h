#ifndef OCB_FILE_EXCHANGE_H
#define OCB_FILE_EXCHANGE_H

/// Atomically swaps two paths (Linux renameat2 with RENAME_EXCHANGE): both
/// must exist. Returns 0, or -1 with errno set (e.g. EINVAL where the file
/// system cannot exchange, ENOSYS on old kernels).
int ocb_exchange_paths(const char *a, const char *b);

/// Writes everything cached for the file system holding `fd` to disk
/// (Linux syncfs; elsewhere sync). Returns 0, or -1 with errno set.
int ocb_sync_file_system(int fd);

#endif
