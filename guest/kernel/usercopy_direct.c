/* (a) direct: range-check the user pointer, then let the raw routines touch
 * user memory with SUM set. Faults come back as -EFAULT via __ex_table. */
#include "usercopy.h"

long user_memcpy_to_direct(uint64_t udst, const void *ksrc, size_t n)
{
    if (!user_range_ok(udst, n))
        return -EFAULT;
    return direct_copy_bytes((void *)(uintptr_t)udst, ksrc, n);
}

long user_memcpy_from_direct(void *kdst, uint64_t usrc, size_t n)
{
    if (!user_range_ok(usrc, n))
        return -EFAULT;
    return direct_copy_bytes(kdst, (const void *)(uintptr_t)usrc, n);
}

long user_memset_direct(uint64_t udst, int c, size_t n)
{
    if (!user_range_ok(udst, n))
        return -EFAULT;
    return direct_set_bytes((void *)(uintptr_t)udst, c, n);
}

long user_strlcpy_direct(char *kdst, uint64_t usrc, size_t size)
{
    if (usrc >= USER_VA_END)
        return -EFAULT;
    /* Scan at most size bytes (the string and its NUL), never past the user half. */
    size_t room = USER_VA_END - usrc;
    size_t max = size < room ? size : room;
    long r = direct_copy_string(kdst, (const char *)(uintptr_t)usrc, max);
    if (r < 0 || (size_t)r < max)
        return r;                   /* fault, or NUL found and copied */
    kdst[max - 1] = 0;
    return max == size ? -ENAMETOOLONG : -EFAULT;
}
