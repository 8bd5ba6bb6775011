/* Copying between kernel and user memory. Two implementations, chosen at
 * build time (USERCOPY_WALK): direct access with sstatus.SUM and an exception
 * table, or a software page-table walk through the direct map. */
#ifndef KERNEL_USERCOPY_H
#define KERNEL_USERCOPY_H

#include "kernel.h"

/* Each returns 0 (strlcpy: the string length) or a negative error. */
long user_memcpy_to(uint64_t udst, const void *ksrc, size_t n);
long user_memcpy_from(void *kdst, uint64_t usrc, size_t n);
long user_memset(uint64_t udst, int c, size_t n);
/* Copies a NUL-terminated string of at most size - 1 characters; a longer one
 * is truncated and gives -ENAMETOOLONG. */
long user_strlcpy(char *kdst, uint64_t usrc, size_t size);
extern const char usercopy_approach[];
/* Bytes moved successfully by the functions above. */
extern volatile uint64_t usercopy_bytes;

/* True when [va, va + n) lies inside the user half. */
static inline int user_range_ok(uint64_t va, size_t n)
{
    return va < USER_VA_END && n <= USER_VA_END - va;
}

/* (a) direct: the raw routines in usercopy_direct_raw.S run with SUM set and
 * return -EFAULT through the exception table; usercopy_direct.c checks ranges. */
long direct_copy_bytes(void *dst, const void *src, size_t n);
long direct_set_bytes(void *dst, int c, size_t n);
/* Copies up to max bytes, stopping after a NUL; returns the length before
 * the NUL, or max when none was found. */
long direct_copy_string(char *dst, const char *src, size_t max);
long user_memcpy_to_direct(uint64_t udst, const void *ksrc, size_t n);
long user_memcpy_from_direct(void *kdst, uint64_t usrc, size_t n);
long user_memset_direct(uint64_t udst, int c, size_t n);
long user_strlcpy_direct(char *kdst, uint64_t usrc, size_t size);

/* (b) walk: usercopy_walk.c. */
long user_memcpy_to_walk(uint64_t udst, const void *ksrc, size_t n);
long user_memcpy_from_walk(void *kdst, uint64_t usrc, size_t n);
long user_memset_walk(uint64_t udst, int c, size_t n);
long user_strlcpy_walk(char *kdst, uint64_t usrc, size_t size);

#endif
