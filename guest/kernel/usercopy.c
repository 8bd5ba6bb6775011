/* Selects the user-copy approach (two builds: kernel-direct, kernel-walk). */
#include "usercopy.h"

volatile uint64_t usercopy_bytes;

#ifdef USERCOPY_WALK
const char usercopy_approach[] = "walk";
#define APPROACH(name) name##_walk
#else
const char usercopy_approach[] = "direct";
#define APPROACH(name) name##_direct
#endif

long user_memcpy_to(uint64_t udst, const void *ksrc, size_t n)
{
    long r = APPROACH(user_memcpy_to)(udst, ksrc, n);
    if (r == 0)
        usercopy_bytes += n;
    return r;
}

long user_memcpy_from(void *kdst, uint64_t usrc, size_t n)
{
    long r = APPROACH(user_memcpy_from)(kdst, usrc, n);
    if (r == 0)
        usercopy_bytes += n;
    return r;
}

long user_memset(uint64_t udst, int c, size_t n)
{
    long r = APPROACH(user_memset)(udst, c, n);
    if (r == 0)
        usercopy_bytes += n;
    return r;
}

long user_strlcpy(char *kdst, uint64_t usrc, size_t size)
{
    if (size == 0)
        return -EINVAL;
    long r = APPROACH(user_strlcpy)(kdst, usrc, size);
    if (r < 0 && r != -ENAMETOOLONG)
        kdst[0] = 0;   /* never leave a half-copied string behind */
    usercopy_bytes += r >= 0 ? (uint64_t)r + 1 : r == -ENAMETOOLONG ? size : 0;
    return r;
}
